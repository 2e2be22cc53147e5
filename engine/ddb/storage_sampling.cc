#include "headlock/ddb/storage_sampling.h"

namespace headlock {

Result<std::vector<StorageSample>> SampleStorage(Database* db) {
  std::vector<StorageSample> samples;
  int64_t now_ms = db->clock().NowMillis();
  ListTablesRequest list;
  while (true) {
    ListTablesResponse page;
    HEADLOCK_RETURN_IF_ERROR(db->ListTables(list, &page));
    for (const std::string& name : page.table_names) {
      DescribeTableResponse d;
      Status s = db->DescribeTable({name}, &d);
      if (s.code() == Status::Code::kResourceNotFoundException) continue;
      HEADLOCK_RETURN_IF_ERROR(s);
      StorageSample sample{now_ms, name, d.table.table_size_bytes, d.table.item_count};
      for (const auto& index : d.table.index_stats) {
        sample.bytes += index.index_size_bytes;
        sample.items += index.item_count;
      }
      samples.push_back(std::move(sample));
    }
    if (!page.last_evaluated_table_name) break;
    list.exclusive_start_table_name = page.last_evaluated_table_name;
  }
  return samples;
}

}  // namespace headlock
