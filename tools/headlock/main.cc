// headlock: the command line front end of the Headlock storage engine.
#include <CLI/CLI.hpp>
#include <utility>
#include <vector>

#include "command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Headlock: DynamoDB semantics on LevelDB, reproducing Apify's request-queue backend "
      "offline."};
  app.require_subcommand(1);

  std::vector<std::pair<CLI::App*, headlock::cli::RunFunction>> commands;
  for (const auto& sub : headlock::cli::Subcommands()) {
    CLI::App* cmd = app.add_subcommand(std::string(sub.name), std::string(sub.description));
    commands.emplace_back(cmd, sub.setup(cmd));
  }

  CLI11_PARSE(app, argc, argv);

  for (auto& [cmd, run] : commands) {
    if (cmd->parsed()) return run();
  }
  return 1;  // unreachable: require_subcommand(1) rejected the command line
}
