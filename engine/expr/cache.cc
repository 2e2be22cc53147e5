#include "expr/cache.h"

#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <variant>

#include "expr/parser.h"
#include "headlock/string_hash.h"

namespace headlock {
namespace expr {
namespace {

using Parsed = std::variant<Condition, Update, Projection>;

class ParseCache {
 public:
  std::shared_ptr<const Parsed> Find(ExpressionKind kind, std::string_view text) {
    std::lock_guard<std::mutex> lock(mu_);
    auto& map = maps_[static_cast<int>(kind)];
    auto it = map.find(text);
    if (it == map.end()) {
      ++misses_;
      return nullptr;
    }
    ++hits_;
    return it->second;
  }

  void Insert(ExpressionKind kind, std::string_view text, std::shared_ptr<const Parsed> parsed) {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_ >= kMaxCachedExpressions) ClearLocked();
    auto [it, inserted] =
        maps_[static_cast<int>(kind)].emplace(std::string(text), std::move(parsed));
    if (inserted) ++entries_;
  }

  ExpressionCacheStats Stats() {
    std::lock_guard<std::mutex> lock(mu_);
    return ExpressionCacheStats{hits_, misses_, entries_};
  }

  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    ClearLocked();
    hits_ = 0;
    misses_ = 0;
  }

 private:
  void ClearLocked() {
    for (auto& map : maps_) map.clear();
    entries_ = 0;
  }

  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Parsed>, StringHash, std::equal_to<>>
      maps_[kExpressionKindCount];
  size_t entries_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

ParseCache& Cache() {
  static ParseCache* cache = new ParseCache();  // never destroyed: usable during exit
  return *cache;
}

// Looks up (kind, text); on a miss parses with `parse` and caches a success.
template <typename T, typename ParseFn>
Result<std::shared_ptr<const T>> GetOrParse(ExpressionKind kind, std::string_view text,
                                            ParseFn parse) {
  std::shared_ptr<const Parsed> parsed = Cache().Find(kind, text);
  if (parsed == nullptr) {
    Result<T> tree = parse();
    if (!tree.ok()) return tree.status();
    parsed = std::make_shared<const Parsed>(std::in_place_type<T>, std::move(*tree));
    Cache().Insert(kind, text, parsed);
  }
  // Aliasing constructor: shares ownership of the variant, points at the T.
  return std::shared_ptr<const T>(parsed, &std::get<T>(*parsed));
}

}  // namespace

Result<std::shared_ptr<const Condition>> ParseConditionCached(std::string_view text,
                                                              ExpressionKind kind) {
  return GetOrParse<Condition>(kind, text, [&] { return ParseCondition(text, kind); });
}

Result<std::shared_ptr<const Update>> ParseUpdateCached(std::string_view text) {
  return GetOrParse<Update>(ExpressionKind::kUpdate, text, [&] { return ParseUpdate(text); });
}

Result<std::shared_ptr<const Projection>> ParseProjectionCached(std::string_view text) {
  return GetOrParse<Projection>(ExpressionKind::kProjection, text,
                                [&] { return ParseProjection(text); });
}

}  // namespace expr

ExpressionCacheStats GetExpressionCacheStats() { return expr::Cache().Stats(); }

void ClearExpressionCache() { expr::Cache().Clear(); }

}  // namespace headlock
