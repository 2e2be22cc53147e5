// Datasets on the Database: get-or-create, push, list items (offset, limit,
// desc, fields, clean), delete, and everything still there after a reopen.
#include "serve/dataset_store.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

namespace headlock::serve {
namespace {

std::unique_ptr<Database> OpenDb(const std::string& dir) {
  Options options;
  std::unique_ptr<Database> db;
  Status s = Database::Open(options, dir, &db);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return db;
}

std::vector<std::string> Items(DatasetStore& store, std::string_view ds, int64_t offset,
                               std::optional<int64_t> limit, bool desc,
                               std::vector<std::string> fields = {}, bool clean = false) {
  auto page = store.Items(ds, offset, limit, desc, fields, clean);
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  return page.ok() ? page->items : std::vector<std::string>{};
}

TEST(DatasetStore, PushListAndReopen) {
  std::string dir = (std::filesystem::temp_directory_path() /
                     ("headlock-dataset-test-" + std::to_string(::getpid())))
                        .string();
  std::filesystem::remove_all(dir);
  std::string id;
  {
    auto db = OpenDb(dir);
    DatasetStore store(db.get());
    bool created = false;
    auto made = store.GetOrCreate("results", &created);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    EXPECT_TRUE(created);
    id = made->substr(7, 17);  // {"id":"<17 characters>"
    auto again = store.GetOrCreate("results", &created);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(created);
    EXPECT_EQ(*again, *made);

    ASSERT_TRUE(store.Push("results", R"({"n":0,"#debug":"x"})").ok());
    std::string many = "[";
    for (int i = 1; i < 60; ++i) many += (i > 1 ? "," : "") + std::string(R"({"n":)") + std::to_string(i) + "}";
    many += "]";
    ASSERT_TRUE(store.Push(id, many).ok());
    EXPECT_EQ(store.Push(id, "[1,2]").code(), Status::Code::kInvalidInput);
    EXPECT_EQ(store.Push("nope", "{}").code(), Status::Code::kRecordNotFound);

    EXPECT_EQ(Items(store, id, 0, 2, false), (std::vector<std::string>{R"({"n":0,"#debug":"x"})", R"({"n":1})"}));
    EXPECT_EQ(Items(store, "~results", 57, 10, false), (std::vector<std::string>{R"({"n":57})", R"({"n":58})", R"({"n":59})"}));
    EXPECT_EQ(Items(store, id, 1, 2, true), (std::vector<std::string>{R"({"n":58})", R"({"n":57})"}));
    EXPECT_EQ(Items(store, id, 0, 1, false, {}, true), (std::vector<std::string>{R"({"n":0})"}));
    EXPECT_EQ(Items(store, id, 0, 1, false, {"#debug"}, false), (std::vector<std::string>{R"({"#debug":"x"})"}));
    EXPECT_EQ(Items(store, id, 0, std::nullopt, false).size(), 60u);
    db->WaitForBackgroundWork();
  }
  {
    auto db = OpenDb(dir);
    DatasetStore store(db.get());
    auto got = store.Get("results");
    ASSERT_TRUE(got.ok());
    EXPECT_NE(got->find(R"("itemCount":60)"), std::string::npos) << *got;
    EXPECT_EQ(Items(store, id, 59, 5, false), (std::vector<std::string>{R"({"n":59})"}));
    EXPECT_NE(store.List(0, 10, false, false).find(R"("total":1)"), std::string::npos);
    ASSERT_TRUE(store.Delete("results").ok());
    EXPECT_EQ(store.Get(id).status().code(), Status::Code::kRecordNotFound);
    bool created = false;
    ASSERT_TRUE(store.GetOrCreate("results", &created).ok());
    EXPECT_TRUE(created) << "the name is free again";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace headlock::serve
