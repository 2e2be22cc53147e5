// Apify datasets, enough for a Crawlee Actor: get-or-create by name, get,
// list, delete, push items (one object or an array), list items (offset,
// limit, desc, fields, clean).
//
// Datasets live in memory, not in the Database: they are lost when the
// server stops (issue 16 lists persisting them as left to do). Items are
// kept as compact JSON text.
//
// Thread safety: every method may be called from many threads at once.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/clock.h"
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
  // `clock` must outlive the store.
  explicit DatasetStore(const Clock* clock) : clock_(clock) {}

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
    std::vector<std::string> items;
  };
  Dataset* Find(std::string_view id_or_name);  // REQUIRES: mu_ held
  std::string ToJson(const Dataset& d) const;

  const Clock* clock_;
  std::mutex mu_;
  uint64_t next_id_ = 1;
  std::map<std::string, std::unique_ptr<Dataset>> by_id_;
  std::map<std::string, std::string> id_by_name_;
};

}  // namespace headlock::serve
