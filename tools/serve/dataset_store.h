// Apify datasets, enough for a Crawlee Actor: get-or-create by name, get,
// list, delete, push items (one object or an array), list items (offset,
// limit, desc, fields, clean).
//
// Datasets live in the Database, in three tables created on first use:
// headlock-datasets (id -> name, times, itemCount), headlock-dataset-names
// (name -> id) and headlock-dataset-items (datasetId, index -> the item as
// compact JSON text), so they survive a restart like everything else. A
// push reserves its indexes with one atomic ADD on itemCount, then writes
// the items; an item is at most DynamoDB's 400 KB (Apify allows 9 MB).
//
// Thread safety: every method may be called from many threads at once.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/ddb/database.h"
#include "headlock/result.h"

namespace headlock::serve {

// Apify's limits (docs.apify.com/api/v2, dataset items POST): one request
// body at most 9 MB, one item at most 9 MB.
inline constexpr size_t kMaxDatasetPushBytes = 9 * 1024 * 1024;

struct DatasetItemsPage {
  std::vector<std::string> items;  // compact JSON objects
  int64_t total = 0;               // items in the dataset
  int64_t offset = 0;
  int64_t limit = 0;
};

class DatasetStore {
 public:
  // `db` must outlive the store.
  explicit DatasetStore(Database* db) : db_(db) {}

  // The dataset object (Apify's shape) as compact JSON; `created` says
  // whether it is new. A name of an existing dataset returns it.
  Result<std::string> GetOrCreate(const std::optional<std::string>& name, bool* created);
  Result<std::string> Get(std::string_view id_or_name);
  Status Delete(std::string_view id_or_name);
  // {total,offset,limit,count,desc,unnamed,items} as compact JSON.
  std::string List(int64_t offset, int64_t limit, bool desc, bool unnamed);
  // `body` is a JSON object or an array of objects. Errors: kInvalidInput.
  Status Push(std::string_view id_or_name, std::string_view body);
  // Items from `offset` (counted from the end with `desc`), at most `limit`;
  // `fields` keeps only those top-level fields; `clean` drops empty items
  // and fields starting with '#'.
  Result<DatasetItemsPage> Items(std::string_view id_or_name, int64_t offset,
                                 std::optional<int64_t> limit, bool desc,
                                 const std::vector<std::string>& fields, bool clean);

 private:
  struct Dataset {
    std::string id;
    std::optional<std::string> name;
    int64_t created_at_ms = 0;
    int64_t modified_at_ms = 0;
    int64_t accessed_at_ms = 0;
    int64_t item_count = 0;
  };
  Status EnsureTables();
  Result<std::optional<Dataset>> ReadById(const std::string& id);
  // By id, "~name", "user~name" or name. Errors: RecordNotFound.
  Result<Dataset> Resolve(std::string_view id_or_name);
  Status WriteItems(const std::string& id, int64_t first_index, std::vector<std::string> items);
  std::string NewId();
  static std::string ToJson(const Dataset& d);

  Database* db_;
  std::mutex mu_;  // guards the two below
  bool tables_ready_ = false;
  uint64_t id_state_ = 0;
};

}  // namespace headlock::serve
