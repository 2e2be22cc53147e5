// Database::Check: the consistency checker behind `headlock check`.
//
// It streams: items are checked against their index entries by point reads
// and index entries against their items the same way, so memory stays
// constant whatever the database size.
#include <fmt/format.h>

#include <set>

#include "ddb/database_rep.h"
#include "ddb/index_writes.h"
#include "ddb/keys.h"
#include "headlock/value/item.h"
#include "headlock/value/item_codec.h"

namespace headlock {

namespace {
constexpr size_t kMaxProblems = 1000;
}

Status Database::Check(std::vector<std::string>* problems_out) {
  Rep& rep = *rep_;
  std::vector<std::string> problems;
  auto problem = [&](std::string p) {
    if (problems.size() < kMaxProblems) problems.push_back(std::move(p));
  };
  std::vector<std::shared_ptr<ddb::TableState>> tables;
  {
    std::shared_lock lock(rep.catalog_mu);
    for (const auto& [name, t] : rep.tables) tables.push_back(t);
  }
  leveldb::ReadOptions ro;
  ro.fill_cache = false;
  const leveldb::Snapshot* snapshot = rep.db->GetSnapshot();
  ro.snapshot = snapshot;
  for (const auto& t : tables) {
    int64_t items = 0, bytes = 0;
    std::vector<int64_t> indexed(t->indexes.size(), 0);
    std::unique_ptr<leveldb::Iterator> it(rep.db->NewIterator(ro));
    for (it->Seek(t->item_prefix); it->Valid() && it->key().starts_with(t->item_prefix);
         it->Next()) {
      ++items;
      Item item;
      std::string key = it->key().ToString();
      if (!DecodeItem(std::string_view(it->value().data(), it->value().size()), &item).ok()) {
        problem(fmt::format("table {}: item does not decode", t->name));
        continue;
      }
      bytes += static_cast<int64_t>(ItemSizeBytes(item));
      std::string table_key;
      if (!ddb::HasKeyOf(item, t->key_schema)) {
        problem(fmt::format("table {}: item lacks its key attributes", t->name));
        continue;
      }
      ddb::AppendKeyOf(item, t->key_schema, &table_key);
      if (t->item_prefix + table_key != key) {
        problem(fmt::format("table {}: item stored under a key that is not its own", t->name));
      }
      for (size_t i = 0; i < t->indexes.size(); ++i) {
        const ddb::IndexState& ix = *t->indexes[i];
        if (!ddb::HasKeyOf(item, ix.def.key_schema)) continue;
        ++indexed[i];
        std::string entry_key = ix.prefix;
        ddb::AppendKeyOf(item, ix.def.key_schema, &entry_key);
        entry_key += table_key;
        std::string value;
        leveldb::Status s = rep.db->Get(ro, entry_key, &value);
        Item entry;
        if (!s.ok()) {
          problem(fmt::format("table {} index {}: indexable item has no entry", t->name,
                              ix.def.index_name));
        } else if (!DecodeItem(value, &entry).ok() ||
                   entry != ddb::ProjectForIndex(item, t->key_schema, ix.def)) {
          problem(fmt::format("table {} index {}: entry differs from the item's projection",
                              t->name, ix.def.index_name));
        }
      }
    }
    if (bytes != t->size_bytes.load()) {
      problem(fmt::format("table {}: {} bytes stored, statistics say {}", t->name, bytes,
                          t->size_bytes.load()));
    }
    if (items != t->item_count.load()) {
      problem(fmt::format("table {}: {} items stored, statistics say {}", t->name, items,
                          t->item_count.load()));
    }
    for (size_t i = 0; i < t->indexes.size(); ++i) {
      const ddb::IndexState& ix = *t->indexes[i];
      int64_t entries = 0;
      for (it->Seek(ix.prefix); it->Valid() && it->key().starts_with(ix.prefix); it->Next()) {
        ++entries;
        std::string_view rest(it->key().data() + ix.prefix.size(), it->key().size() - ix.prefix.size());
        Item ikey, tkey;
        if (!ddb::DecodeKeyOf(&rest, ix.def.key_schema, &ikey) ||
            !ddb::DecodeKeyOf(&rest, t->key_schema, &tkey) || !rest.empty()) {
          problem(fmt::format("table {} index {}: entry key does not decode", t->name,
                              ix.def.index_name));
          continue;
        }
        std::string item_key = t->item_prefix;
        ddb::AppendKeyOf(tkey, t->key_schema, &item_key);
        std::string value;
        if (!rep.db->Get(ro, item_key, &value).ok()) {
          problem(fmt::format("table {} index {}: entry without an item", t->name,
                              ix.def.index_name));
        }
      }
      if (entries != indexed[i]) {
        problem(fmt::format("table {} index {}: {} entries for {} indexable items", t->name,
                            ix.def.index_name, entries, indexed[i]));
      }
      if (entries != ix.item_count.load()) {
        problem(fmt::format("table {} index {}: {} entries, statistics say {}", t->name,
                            ix.def.index_name, entries, ix.item_count.load()));
      }
    }
  }
  // Every stored item or index entry must belong to a table in the catalog
  // or to one being reclaimed: anything else is orphaned data.
  std::set<uint32_t> known;
  for (const auto& t : tables) {
    known.insert(t->id);
    for (const auto& ix : t->indexes) known.insert(ix->id);
  }
  {
    std::unique_ptr<leveldb::Iterator> it(rep.db->NewIterator(ro));
    for (it->Seek(std::string(1, ddb::kDroppedTag));
         it->Valid() && it->key().size() == 5 && it->key()[0] == ddb::kDroppedTag; it->Next()) {
      known.insert(ddb::DecodeFixed32BigEndian(it->key().data() + 1));
    }
    for (char tag : {ddb::kItemTag, ddb::kIndexTag}) {
      it->Seek(std::string(1, tag));
      while (it->Valid() && it->key().size() >= 5 && it->key()[0] == tag) {
        uint32_t id = ddb::DecodeFixed32BigEndian(it->key().data() + 1);
        if (known.count(id) == 0) {
          problem(fmt::format("orphaned {} under id {} (no table and no reclamation marker)",
                              tag == ddb::kItemTag ? "items" : "index entries", id));
        }
        // Skip to the next id.
        std::string next(1, tag);
        ddb::AppendFixed32BigEndian(id, &next);
        it->Seek(ddb::PrefixSuccessor(next));
      }
    }
  }
  rep.db->ReleaseSnapshot(snapshot);
  Status result;
  if (!problems.empty()) {
    std::string message = fmt::format("{} problem(s): {}", problems.size(), problems[0]);
    result = Status::Internal(std::move(message));
  }
  if (problems_out != nullptr) *problems_out = std::move(problems);
  return result;
}

}  // namespace headlock
