// DynamoDB's reserved words: names that may not appear literally in an
// expression and must be aliased with an ExpressionAttributeNames #name.
#pragma once

#include <cstddef>
#include <string_view>

namespace headlock::expr {

// Number of reserved words DynamoDB documents (reference/dynamodb.md §8.5).
inline constexpr size_t kReservedWordCount = 573;

// True if `word` is reserved, compared case-insensitively (ASCII), as
// DynamoDB does: "status", "Status" and "STATUS" are all reserved.
bool IsReservedWord(std::string_view word);

// The i-th reserved word in upper case, sorted ascending. REQUIRES: i < kReservedWordCount.
std::string_view ReservedWordAt(size_t i);

}  // namespace headlock::expr
