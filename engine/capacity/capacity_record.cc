#include "headlock/capacity/capacity_record.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

namespace headlock {
namespace {

constexpr std::string_view kHeader =
    "time_ms,kind,table,index,read_units,write_units,requests,throttled_read_units,"
    "throttled_write_units,throttled_requests,read_capacity_units,write_capacity_units,"
    "item_count,table_bytes";
constexpr int kColumns = 14;

// Table and index names are [a-zA-Z0-9_.-] (DynamoDB's naming rule), so they
// never need CSV quoting; the reader rejects quotes rather than guess.
void SortRecord(CapacityRecord* r) {
  std::stable_sort(r->usage.begin(), r->usage.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second, a.table_name, a.index_name) <
           std::tie(b.second, b.table_name, b.index_name);
  });
  std::stable_sort(r->changes.begin(), r->changes.end(),
                   [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; });
  std::stable_sort(r->storage.begin(), r->storage.end(),
                   [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; });
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

class LineParser {
 public:
  LineParser(size_t line_no, std::vector<std::string_view> fields)
      : line_no_(line_no), fields_(std::move(fields)) {}

  Status Error(std::string_view what) const {
    return Status::Validation(fmt::format("capacity log line {}: {}", line_no_, what));
  }
  std::string Text(int column) const { return std::string(fields_[column]); }

  // An integer column; `empty_value` when the field is empty.
  Result<int64_t> Int(int column, std::string_view name, int64_t empty_value = 0) const {
    std::string_view f = fields_[column];
    if (f.empty()) return empty_value;
    int64_t v = 0;
    auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (ec != std::errc() || p != f.data() + f.size()) {
      return Error(fmt::format("{} '{}' is not an integer", name, f));
    }
    return v;
  }

  // A unit column ("12", "12.5", "0.0") as half units.
  Result<int64_t> HalfUnits(int column, std::string_view name) const {
    std::string_view f = fields_[column];
    if (f.empty()) return int64_t{0};
    size_t dot = f.find('.');
    std::string_view whole = f.substr(0, dot);
    std::string_view frac = dot == f.npos ? std::string_view() : f.substr(dot + 1);
    int64_t w = 0;
    auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
    bool ok = ec == std::errc() && p == whole.data() + whole.size() && w >= 0 &&
              (dot == f.npos || !frac.empty());
    int64_t half = 0;
    if (ok && !frac.empty()) {
      // Only .5 and .0 (with any trailing zeros) are representable.
      ok = frac.find_first_not_of('0', 1) == frac.npos && (frac[0] == '5' || frac[0] == '0');
      half = frac[0] == '5' ? 1 : 0;
    }
    if (!ok) return Error(fmt::format("{} '{}' is not a multiple of 0.5 units", name, f));
    return w * 2 + half;
  }

 private:
  size_t line_no_;
  std::vector<std::string_view> fields_;
};

}  // namespace

CapacityRecord CapacityRecord::From(const CapacityLog& log, std::vector<StorageSample> storage,
                                    int64_t end_ms) {
  CapacityRecord r;
  r.usage = log.Snapshot();
  r.changes = log.CapacityChanges();
  r.storage = std::move(storage);
  r.end_ms = end_ms;
  SortRecord(&r);
  return r;
}

std::string CapacityRecordToCsv(const CapacityRecord& r) {
  std::string out(kHeader);
  out += '\n';
  for (const auto& c : r.changes) {
    out += fmt::format("{},{},{},{},,,,,,,{},{},,\n", c.time_ms, c.deleted ? "deleted" : "capacity",
                       c.table_name, c.index_name, c.read_capacity_units, c.write_capacity_units);
  }
  for (const auto& u : r.usage) {
    out += fmt::format("{},usage,{},{},{},{},{},{},{},{},{},{},,\n", u.second * 1000, u.table_name,
                       u.index_name, HalfUnitsToText(u.units.read), HalfUnitsToText(u.units.write), u.requests,
                       HalfUnitsToText(u.throttled_units.read), HalfUnitsToText(u.throttled_units.write),
                       u.throttled_requests, u.read_capacity_units, u.write_capacity_units);
  }
  for (const auto& s : r.storage) {
    out += fmt::format("{},storage,{},,,,,,,,,,{},{}\n", s.time_ms, s.table_name, s.items, s.bytes);
  }
  out += fmt::format("{},end,,,,,,,,,,,,\n", r.end_ms);
  return out;
}

Result<CapacityRecord> CapacityRecordFromCsv(std::string_view csv) {
  CapacityRecord r;
  bool have_end = false;
  std::map<std::tuple<int64_t, std::string, std::string>, size_t> usage_at;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < csv.size()) {
    size_t nl = csv.find('\n', pos);
    std::string_view line = csv.substr(pos, nl == csv.npos ? csv.npos : nl - pos);
    pos = nl == csv.npos ? csv.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line_no == 1) {
      if (line != kHeader) {
        return Status::Validation(
            fmt::format("capacity log line 1: expected the header '{}'", kHeader));
      }
      continue;
    }
    if (line.find('"') != line.npos) {
      return Status::Validation(fmt::format("capacity log line {}: quotes are not allowed", line_no));
    }
    std::vector<std::string_view> fields = SplitFields(line);
    if (fields.size() != kColumns) {
      return Status::Validation(fmt::format("capacity log line {}: {} fields, expected {}",
                                            line_no, fields.size(), kColumns));
    }
    LineParser p(line_no, fields);
    HEADLOCK_ASSIGN_OR_RETURN(int64_t time_ms, p.Int(0, "time_ms"));
    std::string_view kind = fields[1];
    if (kind != "end" && fields[2].empty()) return p.Error("the table is empty");
    if (kind == "usage") {
      if (time_ms % 1000 != 0) return p.Error("a usage row must start on a whole second");
      CapacityLog::Row row;
      row.second = time_ms / 1000;
      row.table_name = p.Text(2);
      row.index_name = p.Text(3);
      HEADLOCK_ASSIGN_OR_RETURN(row.units.read, p.HalfUnits(4, "read_units"));
      HEADLOCK_ASSIGN_OR_RETURN(row.units.write, p.HalfUnits(5, "write_units"));
      HEADLOCK_ASSIGN_OR_RETURN(row.requests, p.Int(6, "requests"));
      HEADLOCK_ASSIGN_OR_RETURN(row.throttled_units.read, p.HalfUnits(7, "throttled_read_units"));
      HEADLOCK_ASSIGN_OR_RETURN(row.throttled_units.write, p.HalfUnits(8, "throttled_write_units"));
      HEADLOCK_ASSIGN_OR_RETURN(row.throttled_requests, p.Int(9, "throttled_requests"));
      HEADLOCK_ASSIGN_OR_RETURN(row.read_capacity_units, p.Int(10, "read_capacity_units", -1));
      HEADLOCK_ASSIGN_OR_RETURN(row.write_capacity_units, p.Int(11, "write_capacity_units", -1));
      auto key = std::make_tuple(row.second, row.table_name, row.index_name);
      auto it = usage_at.find(key);
      if (it == usage_at.end()) {
        usage_at.emplace(key, r.usage.size());
        r.usage.push_back(std::move(row));
      } else {
        CapacityLog::Row& into = r.usage[it->second];
        into.units += row.units;
        into.requests += row.requests;
        into.throttled_units += row.throttled_units;
        into.throttled_requests += row.throttled_requests;
      }
    } else if (kind == "capacity" || kind == "deleted") {
      CapacityLog::CapacityChange c;
      c.time_ms = time_ms;
      c.table_name = p.Text(2);
      c.index_name = p.Text(3);
      c.deleted = kind == "deleted";
      HEADLOCK_ASSIGN_OR_RETURN(c.read_capacity_units, p.Int(10, "read_capacity_units", -1));
      HEADLOCK_ASSIGN_OR_RETURN(c.write_capacity_units, p.Int(11, "write_capacity_units", -1));
      if ((c.read_capacity_units < 0) != (c.write_capacity_units < 0)) {
        return p.Error("read and write capacity must both be provisioned or both -1 (on-demand)");
      }
      r.changes.push_back(std::move(c));
    } else if (kind == "storage") {
      StorageSample s;
      s.time_ms = time_ms;
      s.table_name = p.Text(2);
      HEADLOCK_ASSIGN_OR_RETURN(s.items, p.Int(12, "item_count"));
      HEADLOCK_ASSIGN_OR_RETURN(s.bytes, p.Int(13, "table_bytes"));
      if (s.items < 0 || s.bytes < 0) return p.Error("negative storage");
      r.storage.push_back(std::move(s));
    } else if (kind == "end") {
      if (have_end) return p.Error("a second end row");
      have_end = true;
      r.end_ms = time_ms;
    } else {
      return p.Error(fmt::format("unknown kind '{}' (usage, capacity, deleted, storage, end)", kind));
    }
  }
  if (line_no == 0) return Status::Validation("capacity log is empty (no header)");
  if (!have_end) return Status::Validation("capacity log has no end row");
  SortRecord(&r);
  if (!r.usage.empty() && r.usage.back().second * 1000 >= r.end_ms) {
    return Status::Validation("capacity log: usage after the end row's time");
  }
  return r;
}

}  // namespace headlock
