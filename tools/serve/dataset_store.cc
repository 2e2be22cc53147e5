#include "serve/dataset_store.h"

#include <algorithm>

#include "json/apify_json.h"
#include "json/attribute_json.h"

namespace headlock::serve {
namespace {

std::string Quote(std::string_view s) {
  rapidjson::Value v(rapidjson::StringRef(s.data(), s.size()));
  return json::JsonToString(v);
}

// An item without any field, or whose fields all start with '#', is empty
// for `clean`.
bool IsEmptyAfterClean(const rapidjson::Value& item) {
  if (!item.IsObject()) return false;
  for (const auto& m : item.GetObject()) {
    if (m.name.GetStringLength() == 0 || m.name.GetString()[0] != '#') return false;
  }
  return true;
}

}  // namespace

DatasetStore::Dataset* DatasetStore::Find(std::string_view id_or_name) {
  std::string key(id_or_name);
  // "~name" and "user~name" name a dataset, as the API's paths allow.
  size_t tilde = key.find('~');
  if (tilde != std::string::npos) key = key.substr(tilde + 1);
  auto it = by_id_.find(key);
  if (it != by_id_.end()) return it->second.get();
  auto named = id_by_name_.find(key);
  if (named == id_by_name_.end()) return nullptr;
  return by_id_.at(named->second).get();
}

std::string DatasetStore::ToJson(const Dataset& d) const {
  std::string out = "{\"id\":" + Quote(d.id);
  if (d.name) out += ",\"name\":" + Quote(*d.name);
  out += ",\"createdAt\":\"" + json::FormatIsoMillis(d.created_at_ms) + "\"";
  out += ",\"modifiedAt\":\"" + json::FormatIsoMillis(d.modified_at_ms) + "\"";
  out += ",\"accessedAt\":\"" + json::FormatIsoMillis(d.accessed_at_ms) + "\"";
  out += ",\"itemCount\":" + std::to_string(d.items.size());
  out += ",\"cleanItemCount\":" + std::to_string(d.items.size()) + "}";
  return out;
}

Result<std::string> DatasetStore::GetOrCreate(const std::optional<std::string>& name,
                                              bool* created) {
  std::lock_guard lock(mu_);
  *created = false;
  if (name) {
    if (name->empty() || name->size() > 63) {
      return Status::InvalidInput("A dataset name must have 1 to 63 characters");
    }
    auto it = id_by_name_.find(*name);
    if (it != id_by_name_.end()) return ToJson(*by_id_.at(it->second));
  }
  auto d = std::make_unique<Dataset>();
  // Ids like Apify's: 17 characters; a counter keeps them unique here.
  std::string counter = std::to_string(next_id_++);
  d->id = "dataset" + std::string(10 - std::min<size_t>(10, counter.size()), '0') + counter;
  d->name = name;
  d->created_at_ms = d->modified_at_ms = d->accessed_at_ms = clock_->NowMillis();
  if (name) id_by_name_[*name] = d->id;
  std::string out = ToJson(*d);
  by_id_[d->id] = std::move(d);
  *created = true;
  return out;
}

Result<std::string> DatasetStore::Get(std::string_view id_or_name) {
  std::lock_guard lock(mu_);
  Dataset* d = Find(id_or_name);
  if (d == nullptr) return Status::RecordNotFound("Dataset was not found");
  d->accessed_at_ms = clock_->NowMillis();
  return ToJson(*d);
}

Status DatasetStore::Delete(std::string_view id_or_name) {
  std::lock_guard lock(mu_);
  Dataset* d = Find(id_or_name);
  if (d == nullptr) return Status::RecordNotFound("Dataset was not found");
  if (d->name) id_by_name_.erase(*d->name);
  by_id_.erase(d->id);
  return Status::OK();
}

std::string DatasetStore::List(int64_t offset, int64_t limit, bool desc, bool unnamed) {
  std::lock_guard lock(mu_);
  std::vector<const Dataset*> all;
  for (const auto& [id, d] : by_id_) {
    if (unnamed || d->name) all.push_back(d.get());
  }
  std::sort(all.begin(), all.end(), [](const Dataset* a, const Dataset* b) {
    return a->created_at_ms != b->created_at_ms ? a->created_at_ms < b->created_at_ms
                                                : a->id < b->id;
  });
  if (desc) std::reverse(all.begin(), all.end());
  offset = std::max<int64_t>(0, offset);
  limit = std::clamp<int64_t>(limit, 1, 1000);
  std::string items;
  int64_t count = 0;
  for (int64_t i = offset; i < static_cast<int64_t>(all.size()) && count < limit; ++i, ++count) {
    if (!items.empty()) items += ",";
    items += ToJson(*all[i]);
  }
  return "{\"total\":" + std::to_string(all.size()) + ",\"offset\":" + std::to_string(offset) +
         ",\"limit\":" + std::to_string(limit) + ",\"count\":" + std::to_string(count) +
         ",\"desc\":" + (desc ? "true" : "false") + ",\"unnamed\":" +
         (unnamed ? "true" : "false") + ",\"items\":[" + items + "]}";
}

Status DatasetStore::Push(std::string_view id_or_name, std::string_view body) {
  rapidjson::Document doc;
  if (!json::ParseJson(body, &doc).ok()) {
    return Status::InvalidInput("The request body is not valid JSON");
  }
  std::vector<std::string> items;
  if (doc.IsObject()) {
    items.push_back(json::JsonToString(doc));
  } else if (doc.IsArray()) {
    for (const auto& item : doc.GetArray()) {
      if (!item.IsObject()) return Status::InvalidInput("Dataset items must be JSON objects");
      items.push_back(json::JsonToString(item));
    }
  } else {
    return Status::InvalidInput("Dataset items must be a JSON object or an array of objects");
  }
  std::lock_guard lock(mu_);
  Dataset* d = Find(id_or_name);
  if (d == nullptr) return Status::RecordNotFound("Dataset was not found");
  for (auto& item : items) d->items.push_back(std::move(item));
  d->modified_at_ms = d->accessed_at_ms = clock_->NowMillis();
  return Status::OK();
}

Result<DatasetItemsPage> DatasetStore::Items(std::string_view id_or_name, int64_t offset,
                                             std::optional<int64_t> limit, bool desc,
                                             const std::vector<std::string>& fields,
                                             bool clean) {
  std::vector<std::string> chosen;
  DatasetItemsPage page;
  {
    std::lock_guard lock(mu_);
    Dataset* d = Find(id_or_name);
    if (d == nullptr) return Status::RecordNotFound("Dataset was not found");
    d->accessed_at_ms = clock_->NowMillis();
    int64_t size = static_cast<int64_t>(d->items.size());
    page.total = size;
    page.offset = std::max<int64_t>(0, offset);
    page.limit = limit ? std::max<int64_t>(0, *limit) : size;
    for (int64_t i = page.offset; i < size && static_cast<int64_t>(chosen.size()) < page.limit;
         ++i) {
      chosen.push_back(d->items[desc ? size - 1 - i : i]);
    }
  }
  for (std::string& text : chosen) {
    if (fields.empty() && !clean) {
      page.items.push_back(std::move(text));
      continue;
    }
    rapidjson::Document item;
    if (!json::ParseJson(text, &item).ok() || !item.IsObject()) continue;
    rapidjson::Document out(rapidjson::kObjectType);
    for (auto& m : item.GetObject()) {
      std::string_view name = json::ToView(m.name);
      if (clean && !name.empty() && name[0] == '#') continue;
      if (!fields.empty() && std::find(fields.begin(), fields.end(), name) == fields.end()) {
        continue;
      }
      out.AddMember(rapidjson::Value(m.name, out.GetAllocator()),
                    rapidjson::Value(m.value, out.GetAllocator()), out.GetAllocator());
    }
    if (clean && IsEmptyAfterClean(item) ) continue;
    page.items.push_back(json::JsonToString(out));
  }
  return page;
}

}  // namespace headlock::serve
