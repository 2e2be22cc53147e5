// Helpers shared by the ddb tests: an in-memory database on a manual clock
// and short constructors for items and requests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "headlock/ddb/database.h"

namespace headlock::testing {

inline AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
inline AttributeValue N(std::string_view n) { return AttributeValue::NumberFromString(n); }
inline AttributeValue N(int64_t n) { return AttributeValue::N(Number::FromInt64(n)); }

inline KeySchema HashKey(std::string pk, AttributeType t = AttributeType::kS) {
  return KeySchema{KeyAttribute{std::move(pk), t}, std::nullopt};
}
inline KeySchema HashRangeKey(std::string pk, AttributeType pt, std::string sk, AttributeType st) {
  return KeySchema{KeyAttribute{std::move(pk), pt}, KeyAttribute{std::move(sk), st}};
}

// A CreateTable request for PAY_PER_REQUEST with the given key and indexes.
inline CreateTableRequest MakeTable(std::string name, KeySchema key,
                                    std::vector<GlobalSecondaryIndex> indexes = {}) {
  CreateTableRequest r;
  r.definition.table_name = std::move(name);
  r.definition.key_schema = key;
  r.definition.billing_mode = BillingMode::kPayPerRequest;
  auto define = [&](const KeySchema& k) {
    for (const KeyAttribute* a : {&k.partition_key, k.sort_key ? &*k.sort_key : nullptr}) {
      if (a == nullptr) continue;
      bool known = false;
      for (const auto& d : r.attribute_definitions) known = known || d.name == a->name;
      if (!known) r.attribute_definitions.push_back(*a);
    }
  };
  define(key);
  for (const auto& g : indexes) define(g.key_schema);
  r.definition.global_secondary_indexes = std::move(indexes);
  return r;
}

inline GlobalSecondaryIndex MakeIndex(std::string name, KeySchema key,
                                      ProjectionType projection = ProjectionType::kAll,
                                      std::vector<std::string> include = {}) {
  GlobalSecondaryIndex g;
  g.index_name = std::move(name);
  g.key_schema = std::move(key);
  g.projection.type = projection;
  g.projection.non_key_attributes = std::move(include);
  return g;
}

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    Options options;
    options.in_memory = true;
    options.clock = &clock_;
    ASSERT_TRUE(Database::Open(options, "/mem/" + std::string(::testing::UnitTest::GetInstance()
                                                                  ->current_test_info()
                                                                  ->name()),
                               &db_)
                    .ok());
  }

  void Create(const CreateTableRequest& r) {
    CreateTableResponse resp;
    Status s = db_->CreateTable(r, &resp);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Status Put(const std::string& table, Item item, std::optional<std::string> condition = {},
             ExpressionAttributeValues values = {}) {
    PutItemRequest r;
    r.table_name = table;
    r.item = std::move(item);
    r.condition_expression = std::move(condition);
    if (!values.empty()) r.expression_attribute_values = std::move(values);
    PutItemResponse resp;
    return db_->PutItem(r, &resp);
  }

  std::optional<Item> Get(const std::string& table, Item key, bool consistent = true) {
    GetItemRequest r;
    r.table_name = table;
    r.key = std::move(key);
    r.consistent_read = consistent;
    GetItemResponse resp;
    Status s = db_->GetItem(r, &resp);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return resp.item;
  }

  ManualClock clock_{1700000000000};
  std::unique_ptr<Database> db_;
};

}  // namespace headlock::testing
