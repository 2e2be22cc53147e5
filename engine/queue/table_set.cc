#include "headlock/queue/table_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "headlock/clock.h"  // DaysFromCivil

namespace headlock {
namespace {


int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// The proleptic Gregorian year of a day number (days since 1970-01-01).
int YearOfDay(int64_t days) {
  // Howard Hinnant's civil_from_days, year part only.
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

}  // namespace

IsoWeek IsoWeekOf(int64_t time_ms) {
  int64_t day = FloorDiv(time_ms, kDayMillis);
  int64_t weekday = ((day % 7) + 7 + 3) % 7;  // Monday = 0 (1970-01-01 was a Thursday)
  int64_t thursday = day - weekday + 3;         // the week's Thursday decides its year
  int year = YearOfDay(thursday);
  int64_t week = (thursday - DaysFromCivil(year, 1, 1)) / 7 + 1;
  return IsoWeek{year, static_cast<int>(week)};
}

int64_t IsoWeekStartMs(IsoWeek w) {
  int64_t jan4 = DaysFromCivil(w.year, 1, 4);  // always in week 1
  int64_t weekday = ((jan4 % 7) + 7 + 3) % 7;
  int64_t monday1 = jan4 - weekday;
  return (monday1 + 7LL * (w.week - 1)) * kDayMillis;
}

IsoWeek NextIsoWeek(IsoWeek w) { return IsoWeekOf(IsoWeekStartMs(w) + kWeekMillis); }

TableSet::TableSet(Database* db, std::string base_name, CreateTableRequest table_template)
    : db_(db), base_name_(std::move(base_name)), template_(std::move(table_template)) {}

std::string TableSet::PhysicalTableName(IsoWeek week) const {
  return fmt::format("{}-{:04d}-w{:02d}", base_name_, week.year, week.week);
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
  std::string prefix = base_name_ + "-";
  while (true) {
    ListTablesResponse response;
    HEADLOCK_RETURN_IF_ERROR(db_->ListTables(request, &response));
    for (const std::string& name : response.table_names) {
      int year = 0, week = 0, consumed = 0;
      if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
      std::string rest = name.substr(prefix.size());
      if (std::sscanf(rest.c_str(), "%4d-w%2d%n", &year, &week, &consumed) == 2 &&
          consumed == static_cast<int>(rest.size()) && name == PhysicalTableName({year, week})) {
        out.emplace_back(IsoWeek{year, week}, name);
      }
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
