#include "json/attribute_json.h"

#include <gtest/gtest.h>

#include <string>

#include "json/error_json.h"

namespace headlock::json {
namespace {

Result<AttributeValue> ParseValueText(std::string_view text) {
  rapidjson::Document doc;
  HEADLOCK_RETURN_IF_ERROR(ParseJson(text, &doc));
  return ParseAttributeValue(doc);
}

Result<Item> ParseItemText(std::string_view text) {
  rapidjson::Document doc;
  HEADLOCK_RETURN_IF_ERROR(ParseJson(text, &doc));
  return ParseItem(doc);
}

// Parses `text`, expects success, and returns the JSON written back.
std::string RoundTrip(std::string_view text) {
  Result<AttributeValue> v = ParseValueText(text);
  EXPECT_TRUE(v.ok()) << text << ": " << v.status().ToString();
  if (!v.ok()) return "";
  return AttributeValueToJsonString(*v);
}

void ExpectError(std::string_view text, Status::Code code, std::string_view message) {
  Result<AttributeValue> v = ParseValueText(text);
  ASSERT_FALSE(v.ok()) << text;
  EXPECT_EQ(v.status().code(), code) << text << ": " << v.status().ToString();
  EXPECT_EQ(v.status().message(), message) << text;
}

void ExpectSerializationError(std::string_view text, std::string_view message) {
  ExpectError(text, Status::Code::kSerializationException, message);
}

void ExpectValidationError(std::string_view text, std::string_view message) {
  ExpectError(text, Status::Code::kValidationException, message);
}

// --- Every type round-trips -------------------------------------------------

TEST(AttributeJsonTest, ScalarsRoundTrip) {
  EXPECT_EQ(RoundTrip(R"({"S":"hello"})"), R"({"S":"hello"})");
  EXPECT_EQ(RoundTrip(R"({"S":""})"), R"({"S":""})");
  EXPECT_EQ(RoundTrip(R"({"S":"\u00bf\u0000x"})"), "{\"S\":\"\xc2\xbf\\u0000x\"}");
  EXPECT_EQ(RoundTrip(R"({"N":"1.5"})"), R"({"N":"1.5"})");
  EXPECT_EQ(RoundTrip(R"({"B":"AAEC/w=="})"), R"({"B":"AAEC/w=="})");
  EXPECT_EQ(RoundTrip(R"({"B":""})"), R"({"B":""})");
  EXPECT_EQ(RoundTrip(R"({"BOOL":true})"), R"({"BOOL":true})");
  EXPECT_EQ(RoundTrip(R"({"BOOL":false})"), R"({"BOOL":false})");
  EXPECT_EQ(RoundTrip(R"({"NULL":true})"), R"({"NULL":true})");
}

TEST(AttributeJsonTest, ParsedValuesHaveTheRightType) {
  Result<AttributeValue> b = ParseValueText(R"({"B":"AAEC/w=="})");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b->is_b());
  EXPECT_EQ(b->b(), std::string("\x00\x01\x02\xff", 4));
  Result<AttributeValue> n = ParseValueText(R"({"N":"-7.25"})");
  ASSERT_TRUE(n.ok());
  ASSERT_TRUE(n->is_n());
  EXPECT_EQ(n->n(), *Number::Parse("-7.25"));
  Result<AttributeValue> null = ParseValueText(R"({"NULL":true})");
  ASSERT_TRUE(null.ok());
  EXPECT_TRUE(null->is_null());
}

// DynamoDB returns numbers normalised (reference/dynamodb.md §2.1).
TEST(AttributeJsonTest, NumbersAreWrittenNormalised) {
  EXPECT_EQ(RoundTrip(R"({"N":"00042"})"), R"({"N":"42"})");
  EXPECT_EQ(RoundTrip(R"({"N":"1.0"})"), R"({"N":"1"})");
  EXPECT_EQ(RoundTrip(R"({"N":"-0"})"), R"({"N":"0"})");
  EXPECT_EQ(RoundTrip(R"({"N":"1.5E2"})"), R"({"N":"150"})");
  EXPECT_EQ(RoundTrip(R"({"N":"1700000000000"})"), R"({"N":"1700000000000"})");
}

TEST(AttributeJsonTest, DocumentsRoundTrip) {
  EXPECT_EQ(RoundTrip(R"({"M":{}})"), R"({"M":{}})");
  EXPECT_EQ(RoundTrip(R"({"L":[]})"), R"({"L":[]})");
  // Maps come back ordered by name; lists keep their order.
  EXPECT_EQ(
      RoundTrip(
          R"({"M":{"b":{"N":"2"},"a":{"L":[{"S":"x"},{"NULL":true},{"M":{"c":{"BOOL":false}}}]}}})"),
      R"({"M":{"a":{"L":[{"S":"x"},{"NULL":true},{"M":{"c":{"BOOL":false}}}]},"b":{"N":"2"}}})");
}

TEST(AttributeJsonTest, SetsRoundTripSorted) {
  EXPECT_EQ(RoundTrip(R"({"SS":["b","a","c"]})"), R"({"SS":["a","b","c"]})");
  EXPECT_EQ(RoundTrip(R"({"NS":["10","-1","2.5"]})"), R"({"NS":["-1","2.5","10"]})");
  EXPECT_EQ(RoundTrip(R"({"BS":["Yw==","YQ==","Yg=="]})"), R"({"BS":["YQ==","Yg==","Yw=="]})");
}

TEST(AttributeJsonTest, ItemRoundTrips) {
  constexpr std::string_view kItem =
      R"({"id":{"S":"r1"},"orderNo":{"N":"1700000000000"},"tags":{"SS":["x"]},"blob":{"B":"AA=="}})";
  Result<Item> item = ParseItemText(kItem);
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  EXPECT_EQ(item->size(), 4u);
  EXPECT_EQ(item->at("id"), AttributeValue::S("r1"));
  EXPECT_EQ(
      ItemToJsonString(*item),
      R"({"blob":{"B":"AA=="},"id":{"S":"r1"},"orderNo":{"N":"1700000000000"},"tags":{"SS":["x"]}})");
  // Parsing what we wrote gives the same item.
  Result<Item> again = ParseItemText(ItemToJsonString(*item));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *item);
}

TEST(AttributeJsonTest, EmptyItem) {
  Result<Item> item = ParseItemText("{}");
  ASSERT_TRUE(item.ok());
  EXPECT_TRUE(item->empty());
  EXPECT_EQ(ItemToJsonString(Item{}), "{}");
}

TEST(AttributeJsonTest, UnknownMembersAndNullsAreIgnored) {
  EXPECT_EQ(RoundTrip(R"({"S":"a","Foo":1})"), R"({"S":"a"})");
  EXPECT_EQ(RoundTrip(R"({"S":"a","N":null})"), R"({"S":"a"})");
}

// --- Type-count errors (ValidationException) --------------------------------

TEST(AttributeJsonTest, MoreThanOneType) {
  ExpectValidationError(R"({"S":"a","N":"1"})", kMoreThanOneDatatypeMessage);
  ExpectValidationError(R"({"NULL":true,"BOOL":true})", kMoreThanOneDatatypeMessage);
  // Decided before a member's own constraints.
  ExpectValidationError(R"({"NULL":false,"N":"dog"})", kMoreThanOneDatatypeMessage);
}

TEST(AttributeJsonTest, NoType) {
  ExpectValidationError("{}", kEmptyAttributeValueMessage);
  ExpectValidationError(R"({"S":null})", kEmptyAttributeValueMessage);
  ExpectValidationError(R"({"s":"lower case is not a type"})", kEmptyAttributeValueMessage);
}

TEST(AttributeJsonTest, NullMustBeTrue) {
  ExpectValidationError(R"({"NULL":false})", kNullMustBeTrueMessage);
}

// --- Number errors come from Number::Parse -----------------------------------

TEST(AttributeJsonTest, BadNumbers) {
  ExpectValidationError(R"({"N":"dog"})",
                        "The parameter cannot be converted to a numeric value: dog");
  ExpectValidationError(R"({"N":"1e126"})",
                        "Number overflow. Attempting to store a number with magnitude larger "
                        "than supported range");
  ExpectValidationError(R"({"NS":["1","NaN"]})",
                        "The parameter cannot be converted to a numeric value: NaN");
  // Nested values are checked too.
  ExpectValidationError(R"({"L":[{"N":"1"},{"N":" 1"}]})",
                        "The parameter cannot be converted to a numeric value:  1");
}

// --- Set errors come from AttributeValue::SS/NS/BS ----------------------------

TEST(AttributeJsonTest, EmptyAndDuplicateSets) {
  for (std::string_view text :
       {R"({"SS":[]})", R"({"NS":[]})", R"({"BS":[]})", R"({"SS":["a","a"]})",
        R"({"NS":["1","1.0"]})", R"({"BS":["Yg==","Yg=="]})"}) {
    Result<AttributeValue> v = ParseValueText(text);
    ASSERT_FALSE(v.ok()) << text;
    EXPECT_EQ(v.status().code(), Status::Code::kValidationException) << text;
  }
}

// --- Shape errors (SerializationException) ------------------------------------

TEST(AttributeJsonTest, NumberAsJsonNumberIsSerializationError) {
  ExpectSerializationError(R"({"N":123})", "NUMBER_VALUE cannot be converted to String");
  ExpectSerializationError(R"({"NS":[1,2]})", "NUMBER_VALUE cannot be converted to String");
}

TEST(AttributeJsonTest, WrongJsonTypes) {
  ExpectSerializationError(R"({"S":true})", "VALUE_TRUE cannot be converted to String");
  ExpectSerializationError(R"({"BOOL":"true"})", "STRING_VALUE cannot be converted to Boolean");
  ExpectSerializationError(R"({"NULL":1})", "NUMBER_VALUE cannot be converted to Boolean");
  ExpectSerializationError(R"({"M":[]})", "Start of list found where not expected");
  ExpectSerializationError(R"({"L":{}})", "Start of structure or map found where not expected.");
  ExpectSerializationError(R"({"SS":"a"})", "STRING_VALUE cannot be converted to List");
  ExpectSerializationError(R"({"S":{"S":"a"}})",
                           "Start of structure or map found where not expected.");
  ExpectSerializationError(R"("S")", "STRING_VALUE cannot be converted to AttributeValue");
  ExpectSerializationError(R"({"B":5})", "NUMBER_VALUE cannot be converted to Blob");
}

TEST(AttributeJsonTest, BadBase64IsSerializationError) {
  ExpectSerializationError(R"({"B":"Zg"})",
                           "Base64 encoded length is expected a multiple of 4 bytes but found: 2");
  Result<AttributeValue> v = ParseValueText(R"({"BS":["Zg==","Z*=="]})");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), Status::Code::kSerializationException);
}

// A serialization error anywhere wins over a validation error before it.
TEST(AttributeJsonTest, SerializationErrorsComeFirst) {
  Result<Item> item = ParseItemText(R"({"a":{"NULL":false},"b":{"N":5}})");
  ASSERT_FALSE(item.ok());
  EXPECT_EQ(item.status().code(), Status::Code::kSerializationException);
  ExpectSerializationError(R"({"S":"a","N":"1","B":7})",
                           "NUMBER_VALUE cannot be converted to Blob");
}

TEST(AttributeJsonTest, ItemErrors) {
  Result<Item> not_object = ParseItemText(R"([1])");
  ASSERT_FALSE(not_object.ok());
  EXPECT_EQ(not_object.status().code(), Status::Code::kSerializationException);
  Result<Item> bad_member = ParseItemText(R"({"id":{}})");
  ASSERT_FALSE(bad_member.ok());
  EXPECT_EQ(bad_member.status().message(), kEmptyAttributeValueMessage);
}

TEST(AttributeJsonTest, MalformedJson) {
  rapidjson::Document doc;
  Status s = ParseJson(R"({"S":)", &doc);
  EXPECT_EQ(s.code(), Status::Code::kSerializationException);
  s = ParseJson("{\"S\":\"\xff\"}", &doc);  // S must be UTF-8
  EXPECT_EQ(s.code(), Status::Code::kSerializationException);
  // A string_view need not be NUL-terminated.
  std::string_view prefix = R"({"S":"a"}garbage)";
  EXPECT_TRUE(ParseJson(prefix.substr(0, 9), &doc).ok());
}

TEST(AttributeJsonTest, DeepNestingIsBounded) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += R"({"L":[)";
  text += R"({"S":"x"})";
  for (int i = 0; i < 10000; ++i) text += "]}";
  Result<AttributeValue> v = ParseValueText(text);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), Status::Code::kValidationException);
}

// --- Expression attribute names and values ------------------------------------

TEST(ExpressionAttributesJsonTest, Names) {
  rapidjson::Document doc;
  ASSERT_TRUE(ParseJson(R"({"#o":"orderNo","#c":"lockByClient"})", &doc).ok());
  Result<ExpressionAttributeNames> names = ParseExpressionAttributeNames(doc);
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_EQ(names->size(), 2u);
  EXPECT_EQ(names->at("#o"), "orderNo");
}

TEST(ExpressionAttributesJsonTest, NameErrors) {
  rapidjson::Document doc;
  ASSERT_TRUE(ParseJson(R"({"o":"orderNo"})", &doc).ok());
  Result<ExpressionAttributeNames> names = ParseExpressionAttributeNames(doc);
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.status().message(),
            R"(ExpressionAttributeNames contains invalid key: Syntax error; key: "o")");
  ASSERT_TRUE(ParseJson(R"({"#o":1})", &doc).ok());
  EXPECT_EQ(ParseExpressionAttributeNames(doc).status().code(),
            Status::Code::kSerializationException);
  ASSERT_TRUE(ParseJson("{}", &doc).ok());
  EXPECT_EQ(ParseExpressionAttributeNames(doc).status().message(),
            "ExpressionAttributeNames must not be empty");
}

TEST(ExpressionAttributesJsonTest, Values) {
  rapidjson::Document doc;
  ASSERT_TRUE(ParseJson(R"({":lockTo":{"N":"1700000060000"},":clientKey":{"S":"c1"}})", &doc).ok());
  Result<ExpressionAttributeValues> values = ParseExpressionAttributeValues(doc);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ(values->at(":clientKey"), AttributeValue::S("c1"));
}

TEST(ExpressionAttributesJsonTest, ValueErrors) {
  rapidjson::Document doc;
  ASSERT_TRUE(ParseJson(R"({"v":{"S":"a"}})", &doc).ok());
  EXPECT_EQ(ParseExpressionAttributeValues(doc).status().message(),
            R"(ExpressionAttributeValues contains invalid key: Syntax error; key: "v")");
  ASSERT_TRUE(ParseJson(R"({":v":{"N":1}})", &doc).ok());
  EXPECT_EQ(ParseExpressionAttributeValues(doc).status().code(),
            Status::Code::kSerializationException);
  ASSERT_TRUE(ParseJson(R"({":v":{}})", &doc).ok());
  EXPECT_EQ(ParseExpressionAttributeValues(doc).status().message(), kEmptyAttributeValueMessage);
  ASSERT_TRUE(ParseJson("{}", &doc).ok());
  EXPECT_EQ(ParseExpressionAttributeValues(doc).status().message(),
            "ExpressionAttributeValues must not be empty");
}

}  // namespace
}  // namespace headlock::json
