// TableSet: one logical table realised as one physical DynamoDB table per
// ISO week, as Apify stores requests (the seed: "one DynamoDB table per
// week"). A queue lives in the table of the week in which it was created, so
// its items never span tables; the router answers which table that is.
//
// Physical names are predictable: "<base>-<ISO year>-w<week>", e.g.
// "requests-2026-w45" (week-numbering year, so 2021-01-03 is in
// "requests-2020-w53").
//
// Thread safety: the TableSet itself is immutable after construction; its
// methods call the Database, which is thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "headlock/ddb/database.h"
#include "headlock/iso_week.h"
#include "headlock/result.h"

namespace headlock {


class TableSet {
 public:
  // `base_name`: the logical name; `table_template`: the CreateTable request
  // for each physical table (its name is replaced).
  TableSet(Database* db, std::string base_name, CreateTableRequest table_template);

  std::string PhysicalTableName(IsoWeek week) const;

  // The physical table that holds what was created at `created_ms`.
  std::string RouteFor(int64_t created_ms) const { return PhysicalTableName(IsoWeekOf(created_ms)); }

  // Creates the tables of the week of `now_ms` and of the next `weeks_ahead`
  // weeks when missing (ahead of time, as a rotation job would).
  Status EnsureTables(int64_t now_ms, int weeks_ahead = 1);

  // The set's existing physical tables, oldest first.
  Result<std::vector<std::pair<IsoWeek, std::string>>> PhysicalTables() const;

  // Deletes the tables whose week ended at least `retention_ms` before
  // `now_ms`, unless `keep(table_name)` says they still hold live data (a
  // named queue keeps its week's table alive). Returns the tables deleted.
  Result<std::vector<std::string>> DropExpired(int64_t now_ms, int64_t retention_ms,
                                               const std::function<bool(const std::string&)>& keep);

 private:
  Database* db_;
  std::string base_name_;
  CreateTableRequest template_;
};

}  // namespace headlock
