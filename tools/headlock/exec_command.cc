// `headlock exec`: runs DynamoDB requests given as JSON lines against a
// database, one answer line per request line.
//
// An input line is an object with exactly one member, the operation name,
// whose value is the request body:
//   {"PutItem":{"TableName":"t","Item":{"pk":{"S":"a"}}}}
// The answer line is DynamoDB's response body or its error body, exactly as
// the HTTP API would send it (the dispatch table in json/ddb_dispatch.h is
// the one the server uses). A bad line answers with an error line and the
// run goes on, so a script's answers stay aligned with its requests.
#include <fmt/core.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "command.h"
#include "headlock/ddb/database.h"
#include "json/attribute_json.h"
#include "json/ddb_dispatch.h"

namespace headlock::cli {
namespace {

struct ExecOptions {
  std::optional<std::string> db_dir;
  bool memory = false;
  std::optional<std::string> input;
  bool sync = false;
  std::optional<int64_t> fixed_clock_ms;
};

// Name of the in-memory database (Options::in_memory only needs a name).
constexpr std::string_view kMemoryDbName = "headlock-exec";

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

json::DdbReply ExecLine(Database& db, std::string_view line) {
  rapidjson::Document doc;
  Status parsed = json::ParseJson(line, &doc);
  if (!parsed.ok()) return json::ErrorReply(parsed);
  if (!doc.IsObject() || doc.MemberCount() != 1) {
    return json::ErrorReply(json::SerializationError(
        "An exec line must be a JSON object with exactly one member: the operation name, whose "
        "value is the request body"));
  }
  const auto& member = *doc.MemberBegin();
  std::string_view operation(member.name.GetString(), member.name.GetStringLength());
  return json::HandleRequest(db, operation, member.value);
}

// Answers every line of `in`. Returns false if reading failed before the end.
bool ExecStream(Database& db, std::istream& in) {
  std::string line;
  while (std::getline(in, line)) {
    if (IsBlank(line)) continue;
    json::DdbReply reply = ExecLine(db, line);
    // One line per request, flushed at once: a driver that writes a request
    // and waits for its answer must not wait for a buffer to fill.
    std::fwrite(reply.body.data(), 1, reply.body.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }
  return !in.bad();
}

int RunExec(const ExecOptions& opts) {
  if (opts.db_dir.has_value() == opts.memory) {
    fmt::print(stderr, "exec: exactly one of --db DIR and --memory is required\n");
    return 2;
  }
  std::unique_ptr<ManualClock> clock;
  Options options;
  options.in_memory = opts.memory;
  options.sync = opts.sync;
  if (opts.fixed_clock_ms) {
    clock = std::make_unique<ManualClock>(*opts.fixed_clock_ms);
    options.clock = clock.get();
  }
  std::unique_ptr<Database> db;
  std::string path = opts.memory ? std::string(kMemoryDbName) : *opts.db_dir;
  Status s = Database::Open(options, path, &db);
  if (!s.ok()) {
    fmt::print(stderr, "exec: cannot open database {}: {}\n", path, s.ToString());
    return 1;
  }
  bool read_all;
  if (opts.input) {
    std::ifstream file(*opts.input);
    if (!file) {
      fmt::print(stderr, "exec: cannot open input file {}\n", *opts.input);
      return 1;
    }
    read_all = ExecStream(*db, file);
  } else {
    read_all = ExecStream(*db, std::cin);
  }
  db->WaitForBackgroundWork();
  if (!read_all) {
    fmt::print(stderr, "exec: reading the input failed\n");
    return 1;
  }
  return 0;
}

}  // namespace

RunFunction SetupExec(CLI::App* app) {
  auto opts = std::make_shared<ExecOptions>();
  auto* db = app->add_option("--db", opts->db_dir, "Database directory (created if missing)");
  auto* memory = app->add_flag("--memory", opts->memory,
                               "Use a fresh in-memory database, gone when the command ends");
  db->excludes(memory);
  app->add_option("--input", opts->input, "Read requests from FILE. Default: standard input")
      ->check(CLI::ExistingFile);
  app->add_flag("--sync", opts->sync,
                "fsync every write before answering (survives a machine crash, slower)");
  app->add_option("--fixed-clock-ms", opts->fixed_clock_ms,
                  "Hold the clock at this time (ms since the epoch) for reproducible output "
                  "(CreationDateTime). Default: the system clock");
  app->footer(
      "Each input line is {\"<Operation>\":<request body>}, e.g. "
      "{\"GetItem\":{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"a\"}}}}. Each answer line is "
      "DynamoDB's response or error body. Blank lines are skipped; bad lines answer with an "
      "error and the run goes on. Exit code 0 once the whole input was read, even if requests "
      "failed. Operations: CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable, "
      "PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchWriteItem, BatchGetItem, "
      "TransactWriteItems, TransactGetItems.");
  return [opts] { return RunExec(*opts); };
}

}  // namespace headlock::cli
