// Pricing and the cost ledger, against bills computed by hand.
#include <gtest/gtest.h>

#include "../ddb/ddb_test_util.h"
#include "headlock/capacity/cost_ledger.h"
#include "headlock/capacity/pricing.h"

namespace headlock::testing {
namespace {

constexpr int64_t kHour = 3600 * 1000;
const int64_t kNov2_2026 = DaysFromCivil(2026, 11, 2) * 86400000;

TEST(PricingTest, DefaultHasTheNovember2024OnDemandCut) {
  PricingTable t = PricingTable::Default();
  int64_t nov1 = DaysFromCivil(2024, 11, 1) * 86400000;
  auto before = t.At("us-east-1", "STANDARD", nov1 - 1);
  auto after = t.At("us-east-1", "STANDARD", nov1);
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_DOUBLE_EQ(before->on_demand_write_per_million, 1.25);
  EXPECT_DOUBLE_EQ(before->on_demand_read_per_million, 0.25);
  EXPECT_DOUBLE_EQ(after->on_demand_write_per_million, 0.625);
  EXPECT_DOUBLE_EQ(after->on_demand_read_per_million, 0.125);
  EXPECT_DOUBLE_EQ(after->provisioned_wcu_hour, 0.00065);
  EXPECT_DOUBLE_EQ(after->provisioned_rcu_hour, 0.00013);
  EXPECT_DOUBLE_EQ(after->storage_gb_month, 0.25);
  EXPECT_FALSE(after->source.empty());
  EXPECT_FALSE(t.At("eu-west-1", "STANDARD", nov1).ok());
}

TEST(PricingTest, UsersLoadTheirOwnCsv) {
  auto t = PricingTable::FromCsv(
      "region,table_class,effective_from,on_demand_write_per_million,on_demand_read_per_million,"
      "provisioned_wcu_hour,provisioned_rcu_hour,storage_gb_month,source\n"
      "eu-west-1,STANDARD,2025-01-01,0.7625,0.1525,0.000735,0.000147,0.283,my invoice\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto p = t->At("eu-west-1", "STANDARD", DaysFromCivil(2025, 6, 1) * 86400000);
  ASSERT_TRUE(p.ok());
  EXPECT_DOUBLE_EQ(p->provisioned_wcu_hour, 0.000735);
  EXPECT_EQ(p->source, "my invoice");
  EXPECT_FALSE(t->At("eu-west-1", "STANDARD", DaysFromCivil(2024, 6, 1) * 86400000).ok());
  for (std::string_view bad :
       {"h\neu,STANDARD,2025-13-01,1,1,1,1,1,s\n", "h\neu,STANDARD,2025-01-01,-1,1,1,1,1,s\n",
        "h\neu,STANDARD,2025-01-01,1,1,1,1\n", "h\n"}) {
    EXPECT_TRUE(PricingTable::FromCsv(bad).status().IsValidation()) << bad;
  }
}

class CostLedgerTest : public DatabaseTest {
 protected:
  CostLedgerTest() { clock_.Set(kNov2_2026); }
};

TEST_F(CostLedgerTest, ProvisionedIsBilledEveryHourInForceUsedOrNot) {
  CreateTableRequest r = MakeTable("prov", HashKey("pk"), {MakeIndex("byG", HashKey("g"))});
  r.definition.billing_mode = BillingMode::kProvisioned;
  r.definition.provisioned_throughput = {10, 20};
  r.definition.global_secondary_indexes[0].provisioned_throughput = {5, 5};
  Create(r);
  clock_.Advance(kHour + kHour / 2);
  UpdateTableRequest u;
  u.table_name = "prov";
  u.provisioned_throughput = ProvisionedThroughput{10, 10};  // halve the writes half-way
  UpdateTableResponse ur;
  ASSERT_TRUE(db_->UpdateTable(u, &ur).ok());
  auto bill = PriceHours(db_->capacity_log(), {}, PricingTable::Default(), "us-east-1",
                         "STANDARD", kNov2_2026 + 2 * kHour);
  ASSERT_TRUE(bill.ok()) << bill.status().ToString();
  ASSERT_EQ(bill->size(), 2u);
  // Hour 1: table 20 WCU + 10 RCU, index 5 + 5.
  const double index_hour = 5 * 0.00065 + 5 * 0.00013;
  EXPECT_NEAR((*bill)[0].total_usd(), 20 * 0.00065 + 10 * 0.00013 + index_hour, 1e-12);
  // Hour 2: 20 WCU for half an hour, then 10.
  EXPECT_NEAR((*bill)[1].provisioned_write_usd, (0.5 * 20 + 0.5 * 10) * 0.00065 + 5 * 0.00065,
              1e-12);
  EXPECT_EQ((*bill)[1].hour, kNov2_2026 / kHour + 1);
  EXPECT_EQ((*bill)[1].on_demand_write_usd, 0);
}

TEST_F(CostLedgerTest, OnDemandIsBilledPerRequestUnitAndStoragePerGbMonth) {
  Create(MakeTable("od1", HashKey("pk")));
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(Put("od1", {{"pk", S("k" + std::to_string(i))}}).ok());
  for (int i = 0; i < 2000; ++i) Get("od1", {{"pk", S("k" + std::to_string(i % 1000))}}, false);
  std::vector<StorageSample> storage = {{kNov2_2026, "od1", 1LL << 30, 0}};
  auto bill = PriceHours(db_->capacity_log(), storage, PricingTable::Default(), "us-east-1",
                         "STANDARD", kNov2_2026 + 730 * kHour);
  ASSERT_TRUE(bill.ok()) << bill.status().ToString();
  double writes = 0, reads = 0, stored = 0, provisioned = 0;
  for (const auto& h : *bill) {
    writes += h.on_demand_write_usd;
    reads += h.on_demand_read_usd;
    stored += h.storage_usd;
    provisioned += h.provisioned_write_usd + h.provisioned_read_usd;
  }
  EXPECT_NEAR(writes, 1000 / 1e6 * 0.625, 1e-12);  // 1,000 write request units
  EXPECT_NEAR(reads, 1000 / 1e6 * 0.125, 1e-12);   // 2,000 eventual reads = 1,000 units
  EXPECT_NEAR(stored, 0.25, 1e-9);                 // 1 GB for a 730-hour month
  EXPECT_EQ(provisioned, 0);
  EXPECT_EQ(bill->size(), 730u);
}

TEST_F(CostLedgerTest, ADeletedTableStopsCosting) {
  CreateTableRequest r = MakeTable("prov", HashKey("pk"));
  r.definition.billing_mode = BillingMode::kProvisioned;
  r.definition.provisioned_throughput = {100, 100};
  Create(r);
  clock_.Advance(kHour / 4);
  DeleteTableResponse dr;
  ASSERT_TRUE(db_->DeleteTable({"prov"}, &dr).ok());
  auto bill = PriceHours(db_->capacity_log(), {}, PricingTable::Default(), "us-east-1",
                         "STANDARD", kNov2_2026 + 10 * kHour);
  ASSERT_TRUE(bill.ok());
  ASSERT_EQ(bill->size(), 1u);
  EXPECT_NEAR((*bill)[0].total_usd(), 0.25 * 100 * (0.00065 + 0.00013), 1e-12);
}

}  // namespace
}  // namespace headlock::testing
