// The `headlock` subcommands and the one table that registers them.
//
// Every subcommand is a name, a one-line description and a setup function.
// Setup adds the subcommand's options to its CLI11 App and returns the
// function that runs it once the command line has been parsed. Adding a
// subcommand (exec, sim, serve, ...) is one file with its setup function and
// one row in kSubcommands (commands.cc); main.cc never changes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <span>
#include <string_view>

namespace headlock::cli {

// Runs a parsed subcommand; returns the process exit code.
using RunFunction = std::function<int()>;

struct Subcommand {
  std::string_view name;
  std::string_view description;
  RunFunction (*setup)(CLI::App* app);
};

// Every subcommand, in the order `headlock --help` lists them.
std::span<const Subcommand> Subcommands();

// Setup functions, one per subcommand file.
RunFunction SetupVersion(CLI::App* app);
RunFunction SetupEval(CLI::App* app);
RunFunction SetupDemo(CLI::App* app);
RunFunction SetupExec(CLI::App* app);
RunFunction SetupCheck(CLI::App* app);
RunFunction SetupCost(CLI::App* app);
RunFunction SetupSim(CLI::App* app);
RunFunction SetupServe(CLI::App* app);

}  // namespace headlock::cli
