#include <gtest/gtest.h>

#include "ddb_test_util.h"

namespace headlock::testing {
namespace {

using ControlPlaneTest = DatabaseTest;

TEST_F(ControlPlaneTest, CreateDescribeListDelete) {
  Create(MakeTable("requests", HashRangeKey("queueId", AttributeType::kS, "id", AttributeType::kS),
                   {MakeIndex("byOrderNo", HashRangeKey("queueId", AttributeType::kS, "orderNo",
                                                        AttributeType::kN))}));
  DescribeTableResponse d;
  ASSERT_TRUE(db_->DescribeTable({"requests"}, &d).ok());
  EXPECT_EQ(d.table.definition.table_name, "requests");
  EXPECT_EQ(d.table.definition.key_schema.sort_key->name, "id");
  ASSERT_EQ(d.table.definition.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(d.table.definition.global_secondary_indexes[0].key_schema.sort_key->type,
            AttributeType::kN);
  EXPECT_EQ(d.table.creation_date_time_ms, 1700000000000);
  EXPECT_EQ(d.table.item_count, 0);

  ListTablesResponse l;
  ASSERT_TRUE(db_->ListTables({}, &l).ok());
  EXPECT_EQ(l.table_names, std::vector<std::string>{"requests"});

  DeleteTableResponse del;
  ASSERT_TRUE(db_->DeleteTable({"requests"}, &del).ok());
  EXPECT_EQ(del.table_description.table_status, "DELETING");
  EXPECT_EQ(db_->DescribeTable({"requests"}, &d).code(),
            Status::Code::kResourceNotFoundException);
  EXPECT_EQ(db_->DeleteTable({"requests"}, &del).code(), Status::Code::kResourceNotFoundException);
}

TEST_F(ControlPlaneTest, DuplicateTableIsResourceInUse) {
  Create(MakeTable("t1x", HashKey("pk")));
  CreateTableResponse r;
  Status s = db_->CreateTable(MakeTable("t1x", HashKey("pk")), &r);
  EXPECT_EQ(s.code(), Status::Code::kResourceInUseException);
  EXPECT_EQ(s.message(), "Table already exists: t1x");
}

TEST_F(ControlPlaneTest, TableNamesAreValidated) {
  for (const std::string& bad : std::vector<std::string>{"ab", "has space", "bad/slash", std::string(256, 'a'), ""}) {
    CreateTableResponse r;
    Status s = db_->CreateTable(MakeTable(bad, HashKey("pk")), &r);
    EXPECT_TRUE(s.IsValidation()) << bad;
    EXPECT_NE(s.message().find("Table/index names must be between 3 and 255"), std::string::npos);
  }
  for (const std::string& good : std::vector<std::string>{"abc", "A-b_c.9", std::string(255, 'z')}) {
    CreateTableResponse r;
    EXPECT_TRUE(db_->CreateTable(MakeTable(good, HashKey("pk")), &r).ok()) << good;
  }
}

TEST_F(ControlPlaneTest, AttributeDefinitionsMustMatchKeys) {
  CreateTableRequest r = MakeTable("tbl", HashKey("pk"));
  r.attribute_definitions.push_back({"extra", AttributeType::kS});
  CreateTableResponse resp;
  Status s = db_->CreateTable(r, &resp);
  EXPECT_TRUE(s.IsValidation());
  EXPECT_NE(s.message().find("Number of attributes in KeySchema does not exactly match"),
            std::string::npos);

  CreateTableRequest missing = MakeTable("tbl", HashKey("pk"));
  missing.attribute_definitions.clear();
  s = db_->CreateTable(missing, &resp);
  EXPECT_TRUE(s.IsValidation());
  EXPECT_NE(s.message().find("not defined in AttributeDefinitions"), std::string::npos);
}

TEST_F(ControlPlaneTest, BillingModeAndThroughputRules) {
  CreateTableRequest r = MakeTable("tbl", HashKey("pk"));
  r.definition.provisioned_throughput = {5, 5};
  CreateTableResponse resp;
  EXPECT_TRUE(db_->CreateTable(r, &resp).IsValidation());  // PAY_PER_REQUEST + throughput

  r.definition.billing_mode = BillingMode::kProvisioned;
  r.definition.provisioned_throughput = {0, 0};
  EXPECT_TRUE(db_->CreateTable(r, &resp).IsValidation());  // PROVISIONED without throughput

  r.definition.provisioned_throughput = {10, 0};
  EXPECT_TRUE(db_->CreateTable(r, &resp).IsValidation());  // zero WCU

  r.definition.provisioned_throughput = {10, 20};
  ASSERT_TRUE(db_->CreateTable(r, &resp).ok());
  EXPECT_EQ(resp.table_description.definition.provisioned_throughput.write_capacity_units, 20);

  UpdateTableRequest u;
  u.table_name = "tbl";
  u.billing_mode = BillingMode::kPayPerRequest;
  UpdateTableResponse ur;
  clock_.Advance(1000);
  ASSERT_TRUE(db_->UpdateTable(u, &ur).ok());
  EXPECT_EQ(ur.table_description.definition.billing_mode, BillingMode::kPayPerRequest);
  EXPECT_EQ(ur.table_description.definition.provisioned_throughput.read_capacity_units, 0);
  EXPECT_EQ(ur.table_description.last_update_to_pay_per_request_ms, 1700000001000);

  UpdateTableRequest back;
  back.table_name = "tbl";
  back.billing_mode = BillingMode::kProvisioned;
  EXPECT_TRUE(db_->UpdateTable(back, &ur).IsValidation());  // needs throughput
  back.provisioned_throughput = ProvisionedThroughput{3, 4};
  ASSERT_TRUE(db_->UpdateTable(back, &ur).ok());
  EXPECT_EQ(ur.table_description.definition.provisioned_throughput.read_capacity_units, 3);
}

TEST_F(ControlPlaneTest, IndexDefinitionRules) {
  auto key = HashKey("pk");
  CreateTableResponse resp;
  CreateTableRequest dup =
      MakeTable("tbl", key, {MakeIndex("ix1", HashKey("a")), MakeIndex("ix1", HashKey("b"))});
  EXPECT_TRUE(db_->CreateTable(dup, &resp).IsValidation());

  CreateTableRequest include_empty =
      MakeTable("tbl", key, {MakeIndex("ix1", HashKey("a"), ProjectionType::kInclude)});
  EXPECT_TRUE(db_->CreateTable(include_empty, &resp).IsValidation());

  std::vector<GlobalSecondaryIndex> many;
  for (int i = 0; i < 21; ++i) many.push_back(MakeIndex("idx" + std::to_string(i + 100), HashKey("a")));
  EXPECT_TRUE(db_->CreateTable(MakeTable("tbl", key, many), &resp).IsValidation());
  many.pop_back();
  EXPECT_TRUE(db_->CreateTable(MakeTable("tbl", key, many), &resp).ok());
}

TEST_F(ControlPlaneTest, ListTablesPages) {
  for (int i = 0; i < 7; ++i) Create(MakeTable("table" + std::to_string(i), HashKey("pk")));
  ListTablesRequest r;
  r.limit = 3;
  std::vector<std::string> all;
  for (int page = 0; page < 5; ++page) {
    ListTablesResponse l;
    ASSERT_TRUE(db_->ListTables(r, &l).ok());
    all.insert(all.end(), l.table_names.begin(), l.table_names.end());
    if (!l.last_evaluated_table_name) break;
    r.exclusive_start_table_name = l.last_evaluated_table_name;
  }
  EXPECT_EQ(all.size(), 7u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  r.limit = 0;
  ListTablesResponse l;
  EXPECT_TRUE(db_->ListTables(r, &l).IsValidation());
}

TEST_F(ControlPlaneTest, DeleteTableReclaimsItsItems) {
  Create(MakeTable("tbl", HashKey("pk"), {MakeIndex("idx", HashKey("g"))}));
  for (int i = 0; i < 3000; ++i) {
    // Five index partitions: each stays under 1,000 write units per second.
    ASSERT_TRUE(Put("tbl", {{"pk", S("k" + std::to_string(i))}, {"g", S("x" + std::to_string(i % 5))}}).ok());
  }
  DeleteTableResponse del;
  ASSERT_TRUE(db_->DeleteTable({"tbl"}, &del).ok());
  EXPECT_EQ(del.table_description.item_count, 3000);
  db_->WaitForBackgroundWork();
  // A new table of the same name starts empty (a new id; old keys are gone).
  Create(MakeTable("tbl", HashKey("pk"), {MakeIndex("idx", HashKey("g"))}));
  ScanRequest scan;
  scan.table_name = "tbl";
  ScanResponse sr;
  ASSERT_TRUE(db_->Scan(scan, &sr).ok());
  EXPECT_EQ(sr.count, 0);
  scan.index_name = "idx";
  ASSERT_TRUE(db_->Scan(scan, &sr).ok());
  EXPECT_EQ(sr.count, 0);
}

}  // namespace
}  // namespace headlock::testing
