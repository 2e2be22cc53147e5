#include "ddb/keys.h"

#include "headlock/value/key_encoding.h"

namespace headlock::ddb {

void AppendFixed32BigEndian(uint32_t v, std::string* dst) {
  char buf[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                 static_cast<char>(v >> 8), static_cast<char>(v)};
  dst->append(buf, 4);
}

uint32_t DecodeFixed32BigEndian(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

std::string ItemPrefix(uint32_t table_id) {
  std::string s(1, kItemTag);
  AppendFixed32BigEndian(table_id, &s);
  return s;
}

std::string IndexPrefix(uint32_t index_id) {
  std::string s(1, kIndexTag);
  AppendFixed32BigEndian(index_id, &s);
  return s;
}

std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    unsigned char c = static_cast<unsigned char>(prefix.back());
    if (c != 0xFF) {
      prefix.back() = static_cast<char>(c + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return std::string(1, '\xFF');  // unreachable for our prefixes
}

static bool HasTyped(const Item& item, const KeyAttribute& attr, const AttributeValue** out) {
  auto it = item.find(attr.name);
  if (it == item.end() || it->second.type() != attr.type) return false;
  *out = &it->second;
  return true;
}

void AppendKeyOf(const Item& item, const KeySchema& schema, std::string* dst) {
  EncodeKeyValue(item.find(schema.partition_key.name)->second, dst);
  if (schema.sort_key) EncodeKeyValue(item.find(schema.sort_key->name)->second, dst);
}

std::string PartitionOf(const Item& item, const KeySchema& schema) {
  std::string out;
  EncodeKeyValue(item.find(schema.partition_key.name)->second, &out);
  return out;
}

bool HasKeyOf(const Item& item, const KeySchema& schema) {
  const AttributeValue* v = nullptr;
  if (!HasTyped(item, schema.partition_key, &v)) return false;
  if (schema.sort_key && !HasTyped(item, *schema.sort_key, &v)) return false;
  return true;
}

bool DecodeKeyOf(std::string_view* in, const KeySchema& schema, Item* key) {
  AttributeValue v;
  if (!DecodeKeyValue(in, schema.partition_key.type, &v)) return false;
  (*key)[schema.partition_key.name] = std::move(v);
  if (schema.sort_key) {
    if (!DecodeKeyValue(in, schema.sort_key->type, &v)) return false;
    (*key)[schema.sort_key->name] = std::move(v);
  }
  return true;
}

}  // namespace headlock::ddb
