// Micro benchmarks of the value model: number parsing, key and item encoding,
// item size. Data is generated before each timing loop with a fixed seed.
//
// Run: build-values/bench/value_bench
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "headlock/splitmix64.h"
#include "headlock/value/item.h"
#include "headlock/value/item_codec.h"
#include "headlock/value/key_encoding.h"
#include "headlock/value/number.h"

namespace headlock {
namespace {

constexpr uint64_t kSeed = 42;
constexpr size_t kSamples = 1024;  // distinct inputs cycled through by each benchmark

class Rng {  // splitmix64
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return SplitMix64(&state_); }
  uint64_t Uniform(uint64_t n) { return Next() % n; }

 private:
  uint64_t state_;
};

// Number texts of `digits` significant digits in assorted spellings ("00123.4500", "-1.2e5").
std::vector<std::string> NumberTexts(int digits) {
  Rng rng(kSeed);
  std::vector<std::string> out;
  for (size_t i = 0; i < kSamples; ++i) {
    std::string d;
    for (int k = 0; k < digits; ++k) d.push_back(static_cast<char>('1' + rng.Uniform(9)));
    std::string text = rng.Uniform(2) ? "-" : "";
    switch (rng.Uniform(3)) {
      case 0:
        text += "00" + d.substr(0, (digits + 1) / 2) + "." + d.substr((digits + 1) / 2) + "00";
        break;
      case 1:
        text += d.substr(0, 1) + "." + d.substr(1) + "e" + std::to_string(rng.Uniform(40));
        break;
      default:
        text += d;
        break;
    }
    out.push_back(text);
  }
  return out;
}

void BM_NumberParse(benchmark::State& state) {
  std::vector<std::string> texts = NumberTexts(static_cast<int>(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    Result<Number> n = Number::Parse(texts[i++ % kSamples]);
    if (!n.ok()) {
      state.SkipWithError(n.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_NumberParse)->ArgName("digits")->Arg(3)->Arg(12)->Arg(38);

void BM_NumberToString(benchmark::State& state) {
  std::vector<Number> numbers;
  for (const std::string& t : NumberTexts(static_cast<int>(state.range(0)))) {
    numbers.push_back(*Number::Parse(t));
  }
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(numbers[i++ % kSamples].ToString());
}
BENCHMARK(BM_NumberToString)->ArgName("digits")->Arg(3)->Arg(38);

void BM_NumberAdd(benchmark::State& state) {
  std::vector<Number> numbers;
  for (const std::string& t : NumberTexts(12)) numbers.push_back(*Number::Parse(t));
  size_t i = 0;
  for (auto _ : state) {
    Result<Number> sum = Number::Add(numbers[i % kSamples], numbers[(i + 1) % kSamples]);
    ++i;
    benchmark::DoNotOptimize(sum);
  }
}
BENCHMARK(BM_NumberAdd);

void BM_NumberEncodeKey(benchmark::State& state) {
  std::vector<Number> numbers;
  for (const std::string& t : NumberTexts(static_cast<int>(state.range(0)))) {
    numbers.push_back(*Number::Parse(t));
  }
  std::string out;
  size_t i = 0;
  for (auto _ : state) {
    out.clear();
    EncodeKeyNumber(numbers[i++ % kSamples], &out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_NumberEncodeKey)->ArgName("digits")->Arg(3)->Arg(38);

// A typical item: key, a few scalars, a set, a small nested map and list; `attrs` extra strings.
Item MakeItem(Rng& rng, int attrs) {
  Item item;
  item["pk"] = AttributeValue::S("user#" + std::to_string(rng.Uniform(1000000)));
  item["sk"] = AttributeValue::N(Number::FromInt64(static_cast<int64_t>(rng.Uniform(1u << 30))));
  item["price"] = AttributeValue::NumberFromString("1234.5678");
  item["active"] = AttributeValue::BOOL(true);
  item["tags"] = *AttributeValue::SS({"red", "green", "blue"});
  item["address"] = AttributeValue::M(
      {{"street", AttributeValue::S("1 Main St")},
       {"zip", AttributeValue::S("12345")},
       {"geo", AttributeValue::L({AttributeValue::NumberFromString("51.5072"),
                                  AttributeValue::NumberFromString("-0.1276")})}});
  for (int k = 0; k < attrs; ++k) {
    item["attr" + std::to_string(k)] = AttributeValue::S(std::string(32, 'a' + k % 26));
  }
  return item;
}

std::vector<Item> MakeItems(int attrs) {
  Rng rng(kSeed);
  std::vector<Item> items;
  for (size_t i = 0; i < kSamples; ++i) items.push_back(MakeItem(rng, attrs));
  return items;
}

void BM_ItemEncode(benchmark::State& state) {
  std::vector<Item> items = MakeItems(static_cast<int>(state.range(0)));
  std::string out;
  size_t i = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    out.clear();
    EncodeItem(items[i++ % kSamples], &out);
    bytes += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ItemEncode)->ArgName("attrs")->Arg(0)->Arg(20);

void BM_ItemDecode(benchmark::State& state) {
  std::vector<std::string> encoded;
  for (const Item& item : MakeItems(static_cast<int>(state.range(0)))) {
    encoded.emplace_back();
    EncodeItem(item, &encoded.back());
  }
  size_t i = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    Item item;
    const std::string& data = encoded[i++ % kSamples];
    Status s = DecodeItem(data, &item);
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      break;
    }
    bytes += data.size();
    benchmark::DoNotOptimize(item);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ItemDecode)->ArgName("attrs")->Arg(0)->Arg(20);

void BM_ItemSize(benchmark::State& state) {
  std::vector<Item> items = MakeItems(static_cast<int>(state.range(0)));
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(ItemSizeBytes(items[i++ % kSamples]));
}
BENCHMARK(BM_ItemSize)->ArgName("attrs")->Arg(0)->Arg(20);

}  // namespace
}  // namespace headlock
