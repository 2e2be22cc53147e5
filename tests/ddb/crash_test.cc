// Crash test: a child process writes items (and their index entries) with
// sync on and reports every acknowledged write through a pipe; the parent
// kills it with SIGKILL mid-stream, reopens the database and checks that
// every acknowledged write is there and that items and indexes agree.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "ddb_test_util.h"

namespace headlock::testing {
namespace {

constexpr int kAcksBeforeKill = 200;

[[noreturn]] void ChildWriter(const std::string& dir, int fd) {
  Options options;
  options.sync = true;
  std::unique_ptr<Database> db;
  if (!Database::Open(options, dir, &db).ok()) _exit(2);
  for (int i = 0;; ++i) {
    PutItemRequest p;
    p.table_name = "tbl";
    p.item = {{"pk", S("k" + std::to_string(i))},
              {"g", S(i % 3 == 0 ? "a" : "b")},
              {"payload", S(std::string(200, 'x'))}};
    PutItemResponse resp;
    if (!db->PutItem(p, &resp).ok()) _exit(3);
    if (i % 5 == 4) {  // also update and delete, so tombstones and moves are in the log
      UpdateItemRequest u;
      u.table_name = "tbl";
      u.key = {{"pk", S("k" + std::to_string(i - 1))}};
      u.update_expression = "SET g = :c";
      u.expression_attribute_values = ExpressionAttributeValues{{":c", S("c")}};
      UpdateItemResponse ur;
      if (!db->UpdateItem(u, &ur).ok()) _exit(4);
    }
    if (write(fd, &i, sizeof(i)) != sizeof(i)) _exit(5);
  }
}

TEST(CrashTest, AcknowledgedWritesSurviveSigkill) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("headlock_crash_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    Options options;
    std::unique_ptr<Database> db;
    ASSERT_TRUE(Database::Open(options, dir.string(), &db).ok());
    CreateTableResponse cr;
    ASSERT_TRUE(db->CreateTable(MakeTable("tbl", HashKey("pk"), {MakeIndex("idx", HashKey("g"))}), &cr).ok());
  }
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    ChildWriter(dir.string(), fds[1]);
  }
  close(fds[1]);
  int last_ack = -1, value = 0;
  while (last_ack + 1 < kAcksBeforeKill && read(fds[0], &value, sizeof(value)) == sizeof(value)) {
    last_ack = value;
  }
  kill(child, SIGKILL);
  while (read(fds[0], &value, sizeof(value)) == sizeof(value)) last_ack = value;
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  ASSERT_GE(last_ack, kAcksBeforeKill - 1);

  Options options;
  std::unique_ptr<Database> db;
  ASSERT_TRUE(Database::Open(options, dir.string(), &db).ok());
  for (int i = 0; i <= last_ack; ++i) {
    GetItemRequest g;
    g.table_name = "tbl";
    g.key = {{"pk", S("k" + std::to_string(i))}};
    GetItemResponse resp;
    ASSERT_TRUE(db->GetItem(g, &resp).ok());
    ASSERT_TRUE(resp.item) << "acknowledged write " << i << " lost";
  }
  std::vector<std::string> problems;
  Status s = db->Check(&problems);
  EXPECT_TRUE(s.ok()) << s.ToString();
  db.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace headlock::testing
