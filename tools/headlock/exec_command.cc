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
//
// With `--clock manual --start <ISO 8601>`, time only moves when a line says
// so: {"AdvanceClock":{"Millis":1000}} (answered with {}). Scripts can then
// test throttling, burst and lock expiry exactly.
//
// Apify's request queue and key-value store speak here too, by apify-client's
// method names (lowerCamelCase, so they never clash with DynamoDB's
// UpperCamelCase operations) and parameters plus queueId / storeId (an id or
// a name), answered with the `data` object of Apify API v2 or
// {"error":{"type":...,"message":...}}:
//   {"getOrCreateQueue":{"name":"q"}}
//   {"addRequest":{"queueId":"q","request":{"url":"http://example.com","uniqueKey":"http://example.com"},"clientKey":"a"}}
//   {"listAndLockHead":{"queueId":"q","limit":25,"lockSecs":60,"clientKey":"a"}}
//   {"setRecord":{"storeId":"s","key":"STATE","value":{"page":3},"contentType":"application/json"}}
// The methods, their parameters and answers, and how record values are
// written (JSON, text, base64 for binary) are listed in json/apify_dispatch.h.
// The services and their tables are created on the first such line, on the
// same database and clock, so DynamoDB lines can inspect what they wrote.
#include <fmt/core.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "headlock/capacity/capacity_record.h"
#include "headlock/capacity/mode_rules.h"  // kHourMillis
#include "headlock/ddb/database.h"
#include "headlock/ddb/storage_sampling.h"
#include "headlock/time.h"
#include "json/apify_dispatch.h"
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
  std::string clock = "wall";     // wall | manual
  std::optional<std::string> start;  // with --clock manual
  std::optional<std::string> capacity_log;  // write the capacity-log CSV here at the end
};

// Storage samples for the capacity log: one of every table whenever the
// database clock enters a new hour (the ledger bills storage per hour), when
// a table is created, and at the end.
class StorageSampler {
 public:
  explicit StorageSampler(Database* db) : db_(db) {}
  Status MaybeSample() { return Hour() == last_hour_ ? Status::OK() : Sample(); }
  Status Sample() {
    last_hour_ = Hour();
    HEADLOCK_ASSIGN_OR_RETURN(std::vector<StorageSample> now, SampleStorage(db_));
    samples_.insert(samples_.end(), now.begin(), now.end());
    return Status::OK();
  }
  std::vector<StorageSample> Take() { return std::move(samples_); }
  // Whether the number of tables changed since the last call: the queue and
  // store services create tables of their own (on first use, and weekly
  // request tables as weeks pass) without a CreateTable line.
  bool TableCountChanged() {
    size_t count = 0;
    ListTablesRequest list;
    while (true) {
      ListTablesResponse page;
      if (!db_->ListTables(list, &page).ok()) return false;
      count += page.table_names.size();
      if (!page.last_evaluated_table_name) break;
      list.exclusive_start_table_name = page.last_evaluated_table_name;
    }
    bool changed = count != table_count_;
    table_count_ = count;
    return changed;
  }

 private:
  int64_t Hour() const { return db_->clock().NowMillis() / kHourMillis; }

  Database* db_;
  int64_t last_hour_ = INT64_MIN;
  size_t table_count_ = 0;
  std::vector<StorageSample> samples_;
};

// {"AdvanceClock":{"Millis":N}}: moves the manual clock forward.
json::DdbReply AdvanceClock(ManualClock* clock, const rapidjson::Value& body) {
  if (clock == nullptr) {
    return json::ErrorReply(Status::Validation(
        "AdvanceClock needs a manual clock: run exec with --clock manual --start <time>"));
  }
  if (!body.IsObject() || !body.HasMember("Millis") || !body["Millis"].IsInt64() ||
      body["Millis"].GetInt64() < 0) {
    return json::ErrorReply(Status::Validation(
        "AdvanceClock takes {\"Millis\": <a whole number of milliseconds, 0 or more>}"));
  }
  clock->Advance(body["Millis"].GetInt64());
  return json::DdbReply{200, "{}"};
}

// Name of the in-memory database (Options::in_memory only needs a name).
constexpr std::string_view kMemoryDbName = "headlock-exec";

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

json::DdbReply ExecLine(Database& db, json::ApifyServices& apify, ManualClock* clock,
                        std::string_view line, std::string* operation_name) {
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
  *operation_name = operation;
  if (operation == "AdvanceClock") return AdvanceClock(clock, member.value);
  if (json::IsApifyMethodName(operation)) {
    json::ApifyReply reply = json::HandleApifyRequest(apify, operation, member.value);
    return json::DdbReply{reply.ok() ? 200 : reply.http_status, std::move(reply.body)};
  }
  return json::HandleRequest(db, operation, member.value);
}

// Answers every line of `in`. Returns false if reading failed before the end.
bool ExecStream(Database& db, ManualClock* clock, StorageSampler* sampler, std::istream& in) {
  json::ApifyServices apify(&db);  // opened on the first queue or store line
  std::string line;
  while (std::getline(in, line)) {
    if (IsBlank(line)) continue;
    std::string operation;
    json::DdbReply reply = ExecLine(db, apify, clock, line, &operation);
    if (sampler) {
      // A new table holds (a little) storage from its creation on.
      bool created = json::IsApifyMethodName(operation)
                         ? sampler->TableCountChanged()
                         : operation == "CreateTable" && reply.http_status == 200;
      Status sampled = created ? sampler->Sample() : sampler->MaybeSample();
      if (!sampled.ok()) fmt::print(stderr, "exec: storage sample: {}\n", sampled.ToString());
    }
    // One line per request, flushed at once: a driver that writes a request
    // and waits for its answer must not wait for a buffer to fill.
    std::fwrite(reply.body.data(), 1, reply.body.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }
  return !in.bad();
}

// Writes the capacity log (and the storage samples) as CSV; the record ends
// just after the current second, so that this second counts.
bool WriteCapacityLog(Database* db, StorageSampler* sampler, const std::string& path) {
  Status sampled = sampler->Sample();
  if (!sampled.ok()) {
    fmt::print(stderr, "exec: storage sample: {}\n", sampled.ToString());
    return false;
  }
  int64_t now = db->clock().NowMillis();
  int64_t end = (now / 1000 + 1) * 1000;
  std::string csv = CapacityRecordToCsv(CapacityRecord::From(db->capacity_log(), sampler->Take(), end));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << csv;
  if (!out.flush()) {
    fmt::print(stderr, "exec: cannot write the capacity log {}\n", path);
    return false;
  }
  return true;
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
  if (opts.clock == "manual") {
    if (!opts.start) {
      fmt::print(stderr, "exec: --clock manual needs --start <time>, e.g. 2026-11-02T00:00:00Z\n");
      return 2;
    }
    std::optional<int64_t> start = ParseUtcMillis(*opts.start);
    if (!start) {
      fmt::print(stderr, "exec: --start {}: not a UTC time like 2026-11-02T00:00:00Z\n",
                 *opts.start);
      return 2;
    }
    clock = std::make_unique<ManualClock>(*start);
  } else if (opts.start) {
    fmt::print(stderr, "exec: --start needs --clock manual\n");
    return 2;
  } else if (opts.fixed_clock_ms) {
    clock = std::make_unique<ManualClock>(*opts.fixed_clock_ms);
  }
  options.clock = clock.get();  // null: the system clock
  std::unique_ptr<Database> db;
  std::string path = opts.memory ? std::string(kMemoryDbName) : *opts.db_dir;
  Status s = Database::Open(options, path, &db);
  if (!s.ok()) {
    fmt::print(stderr, "exec: cannot open database {}: {}\n", path, s.ToString());
    return 1;
  }
  std::unique_ptr<StorageSampler> sampler;
  if (opts.capacity_log) sampler = std::make_unique<StorageSampler>(db.get());
  ManualClock* line_clock = opts.clock == "manual" ? clock.get() : nullptr;
  bool read_all;
  if (opts.input) {
    std::ifstream file(*opts.input);
    if (!file) {
      fmt::print(stderr, "exec: cannot open input file {}\n", *opts.input);
      return 1;
    }
    read_all = ExecStream(*db, line_clock, sampler.get(), file);
  } else {
    read_all = ExecStream(*db, line_clock, sampler.get(), std::cin);
  }
  db->WaitForBackgroundWork();
  if (sampler && !WriteCapacityLog(db.get(), sampler.get(), *opts.capacity_log)) return 1;
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
  app->add_option("--clock", opts->clock,
                  "wall (the system clock) or manual (moves only on AdvanceClock lines)")
      ->check(CLI::IsMember({"wall", "manual"}));
  app->add_option("--start", opts->start,
                  "With --clock manual: the starting time, UTC, e.g. 2026-11-02T00:00:00Z");
  app->add_option("--capacity-log", opts->capacity_log,
                  "At the end, write the capacity log (per second, table and index: units, "
                  "throttles, capacity in force; capacity changes; hourly storage) as CSV to "
                  "FILE, for `headlock cost`");
  app->footer(
      "Each input line is {\"<Operation>\":<request body>}, e.g. "
      "{\"GetItem\":{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"a\"}}}}. Each answer line is "
      "DynamoDB's response or error body. Blank lines are skipped; bad lines answer with an "
      "error and the run goes on. Exit code 0 once the whole input was read, even if requests "
      "failed. With --clock manual, {\"AdvanceClock\":{\"Millis\":N}} moves time forward "
      "(answered with {}). Operations: CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable, "
      "PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchWriteItem, BatchGetItem, "
      "TransactWriteItems, TransactGetItems. Apify's request queue and key-value store by "
      "apify-client's method names, answered with Apify API v2's data object or "
      "{\"error\":{\"type\":...}}, e.g. {\"getOrCreateQueue\":{\"name\":\"q\"}}, "
      "{\"listAndLockHead\":{\"queueId\":\"q\",\"lockSecs\":60,\"clientKey\":\"a\"}}: "
      "getOrCreateQueue, getQueue, updateQueue, deleteQueue, listQueues, addRequest, "
      "batchAddRequests, batchDeleteRequests, getRequest, updateRequest, deleteRequest, "
      "listRequests, listHead, listAndLockHead, prolongRequestLock, deleteRequestLock, "
      "unlockRequests, getOrCreateStore, getStore, updateStore, deleteStore, listStores, "
      "setRecord, getRecord, recordExists, deleteRecord, listKeys (parameters: "
      "tools/json/apify_dispatch.h).");
  return [opts] { return RunExec(*opts); };
}

}  // namespace headlock::cli
