// `headlock check`: verifies an on-disk database (items, index entries,
// statistics) with Database::Check, e.g. after a crash or a `headlock exec`
// run. Prints "ok: N tables checked", or one line per problem and exit 1.
#include <fmt/core.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "headlock/ddb/database.h"

namespace headlock::cli {
namespace {

// Counts the tables by paging through ListTables.
Result<size_t> CountTables(Database& db) {
  size_t count = 0;
  ListTablesRequest request;
  while (true) {
    ListTablesResponse response;
    HEADLOCK_RETURN_IF_ERROR(db.ListTables(request, &response));
    count += response.table_names.size();
    if (!response.last_evaluated_table_name) return count;
    request.exclusive_start_table_name = response.last_evaluated_table_name;
  }
}

int RunCheck(const std::string& dir) {
  // LevelDB creates the directory (and LOCK and LOG files) before it finds
  // that no database is there, so a typo would leave an empty directory.
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    fmt::print("cannot open database {}: no such directory\n", dir);
    return 1;
  }
  Options options;
  // Checking must not create an empty database where none was.
  options.create_if_missing = false;
  std::unique_ptr<Database> db;
  Status s = Database::Open(options, dir, &db);
  if (!s.ok()) {
    fmt::print("cannot open database {}: {}\n", dir, s.ToString());
    return 1;
  }
  std::vector<std::string> problems;
  Status checked = db->Check(&problems);
  if (!checked.ok() || !problems.empty()) {
    for (const std::string& p : problems) fmt::print("{}\n", p);
    if (problems.empty()) fmt::print("{}\n", checked.ToString());
    return 1;
  }
  Result<size_t> tables = CountTables(*db);
  if (!tables.ok()) {
    fmt::print("{}\n", tables.status().ToString());
    return 1;
  }
  fmt::print("ok: {} tables checked\n", *tables);
  return 0;
}

}  // namespace

RunFunction SetupCheck(CLI::App* app) {
  auto dir = std::make_shared<std::string>();
  app->add_option("--db", *dir, "Database directory")->required();
  app->footer("Exit code 0 when consistent, 1 on any inconsistency or if it cannot be opened.");
  return [dir] { return RunCheck(*dir); };
}

}  // namespace headlock::cli
