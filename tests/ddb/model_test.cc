// Model test: random puts, updates and deletes against the engine and a
// std::map, compared through Scan and index Queries, also across reopen.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>

#include "ddb_test_util.h"

namespace headlock::testing {
namespace {

using Model = std::map<std::pair<std::string, int64_t>, Item>;

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("headlock_model_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    Reopen();
    CreateTableResponse cr;
    ASSERT_TRUE(db_->CreateTable(
                       MakeTable("tbl", HashRangeKey("pk", AttributeType::kS, "sk", AttributeType::kN),
                                 {MakeIndex("idx", HashRangeKey("g", AttributeType::kS, "o",
                                                               AttributeType::kN),
                                            ProjectionType::kInclude, {"v"})}),
                       &cr)
                    .ok());
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    db_.reset();
    Options options;
    options.write_buffer_size = 64 << 10;  // small, to exercise compactions
    ASSERT_TRUE(Database::Open(options, dir_.string(), &db_).ok());
  }

  void Compare(const Model& model) {
    std::vector<Item> scanned;
    std::optional<Item> start;
    do {
      ScanRequest s;
      s.table_name = "tbl";
      s.limit = 7;
      s.exclusive_start_key = start;
      ScanResponse r;
      ASSERT_TRUE(db_->Scan(s, &r).ok());
      scanned.insert(scanned.end(), r.items.begin(), r.items.end());
      start = r.last_evaluated_key;
    } while (start);
    std::vector<Item> expected;
    for (const auto& [k, item] : model) expected.push_back(item);
    ASSERT_EQ(scanned, expected);  // table order = (pk, sk) order

    for (std::string g : {"g0", "g1", "g2"}) {
      QueryRequest q;
      q.table_name = "tbl";
      q.index_name = "idx";
      q.key_condition_expression = "g = :g";
      q.expression_attribute_values = ExpressionAttributeValues{{":g", S(g)}};
      QueryResponse r;
      ASSERT_TRUE(db_->Query(q, &r).ok());
      std::vector<std::tuple<int64_t, std::string, int64_t>> want, got;
      for (const auto& [k, item] : model) {
        auto gi = item.find("g"), oi = item.find("o");
        if (gi == item.end() || oi == item.end() || gi->second.s() != g) continue;
        int64_t o = 0;
        oi->second.n().ToInt64(&o);
        want.emplace_back(o, k.first, k.second);
      }
      std::sort(want.begin(), want.end());
      for (const auto& item : r.items) {
        int64_t o = 0, sk = 0;
        item.at("o").n().ToInt64(&o);
        item.at("sk").n().ToInt64(&sk);
        got.emplace_back(o, item.at("pk").s(), sk);
        EXPECT_EQ(item.count("w"), 0u);  // not projected
      }
      ASSERT_EQ(got, want) << g;
    }
    ASSERT_TRUE(db_->Check().ok());
  }

  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(ModelTest, RandomOperationsMatchAModel) {
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  Model model;
  for (int step = 0; step < 4000; ++step) {
    std::string pk = "p" + std::to_string(rng() % 5);
    int64_t sk = static_cast<int64_t>(rng() % 40) - 20;
    Item key{{"pk", S(pk)}, {"sk", N(sk)}};
    int op = static_cast<int>(rng() % 4);
    if (op == 0) {
      Item item = key;
      if (rng() % 4 != 0) item["g"] = S("g" + std::to_string(rng() % 3));
      if (rng() % 4 != 0) item["o"] = N(static_cast<int64_t>(rng() % 10));
      item["v"] = N(static_cast<int64_t>(rng() % 1000));
      item["w"] = S(std::string(rng() % 300, 'w'));
      PutItemRequest p;
      p.table_name = "tbl";
      p.item = item;
      PutItemResponse resp;
      ASSERT_TRUE(db_->PutItem(p, &resp).ok());
      model[{pk, sk}] = item;
    } else if (op == 1) {
      UpdateItemRequest u;
      u.table_name = "tbl";
      u.key = key;
      int64_t o = static_cast<int64_t>(rng() % 10);
      if (rng() % 3 == 0) {
        u.update_expression = "REMOVE o";
      } else {
        u.update_expression = "SET o = :o";
        u.expression_attribute_values = ExpressionAttributeValues{{":o", N(o)}};
      }
      UpdateItemResponse resp;
      ASSERT_TRUE(db_->UpdateItem(u, &resp).ok());
      Item& item = model[{pk, sk}];
      if (item.empty()) item = key;
      if (*u.update_expression == "REMOVE o") {
        item.erase("o");
      } else {
        item["o"] = N(o);
      }
    } else if (op == 2) {
      DeleteItemRequest d;
      d.table_name = "tbl";
      d.key = key;
      DeleteItemResponse resp;
      ASSERT_TRUE(db_->DeleteItem(d, &resp).ok());
      model.erase({pk, sk});
    } else {
      GetItemRequest g;
      g.table_name = "tbl";
      g.key = key;
      g.consistent_read = true;
      GetItemResponse resp;
      ASSERT_TRUE(db_->GetItem(g, &resp).ok());
      auto it = model.find({pk, sk});
      ASSERT_EQ(resp.item.has_value(), it != model.end());
      if (resp.item) {
        ASSERT_EQ(*resp.item, it->second);
      }
    }
    if (step % 500 == 499) {
      Compare(model);
      if (step % 1000 == 999) {
        Reopen();
        Compare(model);
      }
    }
  }
}

}  // namespace
}  // namespace headlock::testing
