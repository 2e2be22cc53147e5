#include <array>

#include "command.h"

namespace headlock::cli {
namespace {

// The one place that lists subcommands; each Setup* lives in its
// <name>_command.cc.
constexpr std::array kSubcommands = {
    Subcommand{"version", "Print Headlock's version", &SetupVersion},
    Subcommand{"eval",
               "Evaluate DynamoDB condition, update and projection expressions against an item",
               &SetupEval},
    Subcommand{"demo", "A short tour of Apify's orderNo locking trick on one request item",
               &SetupDemo},
    Subcommand{"exec", "Run DynamoDB JSON requests, one per line, against a database", &SetupExec},
    Subcommand{"check", "Verify a database's items, indexes and statistics", &SetupCheck},
    Subcommand{"cost", "Price a capacity log under capacity policies, side by side", &SetupCost},
    Subcommand{"serve",
               "Serve DynamoDB's JSON API and Apify's API v2 over HTTP on one port",
               &SetupServe},
    Subcommand{"sim",
               "Simulate the request-queue backend under a load: strategies, policies, cost",
               &SetupSim},
};

}  // namespace

std::span<const Subcommand> Subcommands() { return kSubcommands; }

}  // namespace headlock::cli
