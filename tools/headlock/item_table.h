// Prints an item as a small aligned table (attribute, type, value), for
// humans: the demo and, later, other subcommands' readable output.
#pragma once

#include <string>

#include "headlock/value/attribute_value.h"

namespace headlock::cli {

// One line per attribute in name order, indented by `indent` spaces.
// S and N values print as plain text; all others as their DynamoDB JSON.
std::string FormatItemTable(const Item& item, int indent = 2);

}  // namespace headlock::cli
