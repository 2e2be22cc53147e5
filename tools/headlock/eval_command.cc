// `headlock eval`: evaluates DynamoDB expressions against one item, the way
// UpdateItem would, without a table. Until the simulator and the server
// exist this is the quickest way to see Headlock's expression semantics.
//
// Output is one JSON line: {"ConditionResult":bool,"Item":{...}} with only
// the parts asked for, or DynamoDB's error body and exit code 1.
#include <fmt/core.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "headlock/expr/expression.h"
#include "headlock/value/item.h"
#include "json/attribute_json.h"
#include "json/error_json.h"

namespace headlock::cli {
namespace {

struct EvalOptions {
  std::optional<std::string> item;
  std::optional<std::string> condition;
  std::optional<std::string> update;
  std::optional<std::string> projection;
  std::optional<std::string> names;
  std::optional<std::string> values;
  std::optional<std::string> key;
};

// "pk" or "pk,sk". Key types are not on the command line: they are taken
// from the item, as a table's AttributeDefinitions would state them.
Result<KeySchema> ParseKeySchema(std::string_view spec, const Item* item) {
  std::vector<std::string> names;
  size_t start = 0;
  while (true) {
    size_t comma = spec.find(',', start);
    names.emplace_back(spec.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (names.size() > 2 || names[0].empty() || (names.size() == 2 && names[1].empty())) {
    return Status::Validation(
        "--key must be a partition key name, optionally followed by "
        "',' and a sort key name");
  }
  auto attribute = [item](const std::string& name) -> Result<KeyAttribute> {
    KeyAttribute attr{name, AttributeType::kS};
    if (item == nullptr) return attr;
    auto it = item->find(name);
    if (it == item->end()) {
      return Status::Validation("One or more parameter values were invalid: Missing the key " +
                                name + " in the item");
    }
    AttributeType type = it->second.type();
    if (type != AttributeType::kS && type != AttributeType::kN && type != AttributeType::kB) {
      return Status::Validation("Key attribute " + name + " must be of type S, N or B");
    }
    attr.type = type;
    return attr;
  };
  KeySchema schema;
  HEADLOCK_ASSIGN_OR_RETURN(schema.partition_key, attribute(names[0]));
  if (names.size() == 2) {
    HEADLOCK_ASSIGN_OR_RETURN(KeyAttribute sort, attribute(names[1]));
    schema.sort_key = std::move(sort);
  }
  return schema;
}

// Parses a JSON command-line argument into `*doc`.
Status ParseArgument(const std::optional<std::string>& text, rapidjson::Document* doc) {
  return json::ParseJson(*text, doc);
}

// Builds the JSON answer, or the error that DynamoDB would return.
Result<std::string> Evaluate(const EvalOptions& opts) {
  // Like DynamoDB, validate the whole input before evaluating anything.
  std::optional<Item> item;
  if (opts.item) {
    rapidjson::Document doc;
    HEADLOCK_RETURN_IF_ERROR(ParseArgument(opts.item, &doc));
    HEADLOCK_ASSIGN_OR_RETURN(item, json::ParseItem(doc));
  }
  std::optional<ExpressionAttributeNames> names;
  if (opts.names) {
    rapidjson::Document doc;
    HEADLOCK_RETURN_IF_ERROR(ParseArgument(opts.names, &doc));
    HEADLOCK_ASSIGN_OR_RETURN(names, json::ParseExpressionAttributeNames(doc));
  }
  std::optional<ExpressionAttributeValues> values;
  if (opts.values) {
    rapidjson::Document doc;
    HEADLOCK_RETURN_IF_ERROR(ParseArgument(opts.values, &doc));
    HEADLOCK_ASSIGN_OR_RETURN(values, json::ParseExpressionAttributeValues(doc));
  }
  std::optional<KeySchema> key;
  if (opts.key) {
    HEADLOCK_ASSIGN_OR_RETURN(key, ParseKeySchema(*opts.key, item ? &*item : nullptr));
    if (item) HEADLOCK_RETURN_IF_ERROR(ValidateItem(*item, *key));
  }

  ExpressionInputs inputs;
  if (opts.condition) inputs.condition_expression = *opts.condition;
  if (opts.update) inputs.update_expression = *opts.update;
  if (opts.projection) inputs.projection_expression = *opts.projection;
  if (names) inputs.names = &*names;
  if (values) inputs.values = &*values;
  if (key) inputs.table_key = &*key;
  HEADLOCK_ASSIGN_OR_RETURN(PreparedExpressions prepared, PreparedExpressions::Prepare(inputs));

  rapidjson::Document out(rapidjson::kObjectType);
  auto& alloc = out.GetAllocator();
  bool condition_result = true;
  if (opts.condition) {
    HEADLOCK_ASSIGN_OR_RETURN(condition_result,
                              prepared.EvaluateCondition(item ? &*item : nullptr));
    out.AddMember("ConditionResult", condition_result, alloc);
  }
  // A failed condition leaves the item as it was, as in UpdateItem.
  Item result = item ? *item : Item{};
  if (opts.update && condition_result) {
    // A new item starts as its key alone; without --key, as an empty item.
    HEADLOCK_RETURN_IF_ERROR(prepared.ApplyUpdate(&result));
    if (key) HEADLOCK_RETURN_IF_ERROR(ValidateItem(result, *key));
  }
  if (opts.projection) result = prepared.Project(result);
  if (opts.update || opts.projection || !opts.condition) {
    out.AddMember("Item", json::ItemToJson(result, alloc), alloc);
  }
  return json::JsonToString(out);
}

}  // namespace

RunFunction SetupEval(CLI::App* app) {
  auto opts = std::make_shared<EvalOptions>();
  app->add_option("--item", opts->item,
                  R"(The item in DynamoDB JSON, e.g. '{"id":{"S":"r1"},"orderNo":{"N":"1"}}'; )"
                  "absent: the item does not exist");
  app->add_option("--condition", opts->condition, "ConditionExpression");
  app->add_option("--update", opts->update, "UpdateExpression");
  app->add_option("--projection", opts->projection, "ProjectionExpression");
  app->add_option("--names", opts->names, R"(ExpressionAttributeNames, e.g. '{"#o":"orderNo"}')");
  app->add_option("--values", opts->values,
                  R"(ExpressionAttributeValues, e.g. '{":now":{"N":"1700000000000"}}')");
  app->add_option("--key", opts->key,
                  "Key attribute names 'pk[,sk]' (types taken from the item); updates may not "
                  "touch them. Default: no key");
  app->footer(
      "Prints one JSON line {\"ConditionResult\":...,\"Item\":...} with the parts asked for, or "
      "DynamoDB's error body and exit code 1. A false condition is not an error (exit 0); as in "
      "UpdateItem, the update is then not applied.");
  return [opts] {
    Result<std::string> answer = Evaluate(*opts);
    if (!answer.ok()) {
      fmt::print("{}\n", json::ErrorToJsonString(answer.status()));
      return 1;
    }
    fmt::print("{}\n", *answer);
    return 0;
  };
}

}  // namespace headlock::cli
