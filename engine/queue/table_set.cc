#include "headlock/queue/table_set.h"

#include <algorithm>
#include <optional>

namespace headlock {

TableSet::TableSet(Database* db, std::string base_name, CreateTableRequest table_template)
    : db_(db), base_name_(std::move(base_name)), template_(std::move(table_template)) {}

std::string TableSet::PhysicalTableName(IsoWeek week) const {
  return base_name_ + "-" + IsoWeekLabel(week);
}

Status TableSet::EnsureTables(int64_t now_ms, int weeks_ahead) {
  IsoWeek week = IsoWeekOf(now_ms);
  for (int i = 0; i <= weeks_ahead; ++i, week = NextIsoWeek(week)) {
    CreateTableRequest request = template_;
    request.definition.table_name = PhysicalTableName(week);
    CreateTableResponse response;
    Status s = db_->CreateTable(request, &response);
    if (!s.ok() && s.code() != Status::Code::kResourceInUseException) return s;
  }
  return Status::OK();
}

Result<std::vector<std::pair<IsoWeek, std::string>>> TableSet::PhysicalTables() const {
  std::vector<std::pair<IsoWeek, std::string>> out;
  ListTablesRequest request;
  while (true) {
    ListTablesResponse response;
    HEADLOCK_RETURN_IF_ERROR(db_->ListTables(request, &response));
    for (const std::string& name : response.table_names) {
      std::string base;
      std::optional<IsoWeek> week = ParseWeekSuffix(name, &base);
      if (week && base == base_name_) out.emplace_back(*week, name);
    }
    if (!response.last_evaluated_table_name) break;
    request.exclusive_start_table_name = response.last_evaluated_table_name;
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<std::string>> TableSet::DropExpired(
    int64_t now_ms, int64_t retention_ms, const std::function<bool(const std::string&)>& keep) {
  HEADLOCK_ASSIGN_OR_RETURN(auto tables, PhysicalTables());
  std::vector<std::string> dropped;
  for (const auto& [week, name] : tables) {
    int64_t week_end = IsoWeekStartMs(week) + kWeekMillis;
    if (now_ms - week_end < retention_ms || (keep && keep(name))) continue;
    DeleteTableResponse response;
    HEADLOCK_RETURN_IF_ERROR(db_->DeleteTable({name}, &response));
    dropped.push_back(name);
  }
  return dropped;
}

}  // namespace headlock
