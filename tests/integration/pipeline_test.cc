// Pipelining and noreply: many commands in one write are answered in order, and a command
// with noreply sends nothing back (the next reply proves it by following at once).
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using PipelineTest = ServerTest;
RINGCACHE_SERVER_SUITE(PipelineTest);

TEST_P(PipelineTest, ManyCommandsInOneWriteAreAnsweredInOrder) {
  TestClient c = connect();
  std::string req = set_cmd("a", "1") + "get a\r\n" + "incr a 5\r\n" + "bogus\r\n" +
                    "append a 0 0 1\r\n0\r\n" + "gets nope\r\n" + "get a\r\n" + "delete a\r\n" +
                    "delete a\r\n" + "touch a 1\r\n" + "add a 0 0 1\r\nz\r\n" + "get a\r\n";
  EXPECT_REPLY(c, req,
               "STORED\r\nVALUE a 0 1\r\n1\r\nEND\r\n6\r\nERROR\r\nSTORED\r\nEND\r\n"
               "VALUE a 0 2\r\n60\r\nEND\r\nDELETED\r\nNOT_FOUND\r\nNOT_FOUND\r\nSTORED\r\n"
               "VALUE a 0 1\r\nz\r\nEND\r\n");
}

TEST_P(PipelineTest, CommandSplitAcrossWritesIsReassembled) {
  TestClient c = connect();
  const std::string req = set_cmd("split", "hello world") + "get split\r\n";
  for (std::size_t i = 0; i < req.size(); ++i) {
    ASSERT_TRUE(c.send(req.substr(i, 1)));
  }
  EXPECT_EQ(escape(c.read_matching("STORED\r\nVALUE split 0 11\r\nhello world\r\nEND\r\n")),
            escape("STORED\r\nVALUE split 0 11\r\nhello world\r\nEND\r\n"));
}

TEST_P(PipelineTest, DeepPipelineOfTenThousandCommands) {
  TestClient c = connect();
  c.set_timeout(std::chrono::seconds(20));
  constexpr int kCount = 10000;
  std::string req, expected;
  for (int i = 0; i < kCount; ++i) {
    std::string key = "k" + std::to_string(i);
    if (i % 2 == 0) {
      req += set_cmd(key, std::to_string(i));
      expected += "STORED\r\n";
    } else {
      std::string prev = "k" + std::to_string(i - 1);
      req += "get " + prev + "\r\n";
      expected += "VALUE " + prev + " 0 " + std::to_string(std::to_string(i - 1).size()) +
                  "\r\n" + std::to_string(i - 1) + "\r\nEND\r\n";
    }
  }
  ASSERT_TRUE(c.send(req)) << c.error();
  std::string got = c.read_exact(expected.size());
  EXPECT_EQ(got.size(), expected.size());
  EXPECT_TRUE(got == expected) << "first difference at byte "
                               << std::mismatch(got.begin(), got.end(), expected.begin()).first -
                                      got.begin();
}

TEST_P(PipelineTest, NoreplyStorageCommandsSendNothing) {
  TestClient c = connect();
  std::string req = set_cmd("a", "1", 0, "noreply") + "add a 0 0 1 noreply\r\nx\r\n" +
                    "add b 0 0 1 noreply\r\nb\r\n" + "replace a 0 0 1 noreply\r\n2\r\n" +
                    "replace zz 0 0 1 noreply\r\nx\r\n" + "append a 0 0 1 noreply\r\n3\r\n" +
                    "prepend a 0 0 1 noreply\r\n1\r\n" + "append zz 0 0 1 noreply\r\nx\r\n" +
                    "get a b zz\r\n";
  EXPECT_REPLY(c, req, "VALUE a 0 3\r\n123\r\nVALUE b 0 1\r\nb\r\nEND\r\n");
}

TEST_P(PipelineTest, NoreplyCasSendsNothing) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 0 0 1\r\nx\r\n", "STORED\r\n");
  std::string reply = c.request("gets a\r\n", "END\r\n");
  std::size_t sp = reply.rfind(' ', reply.find("\r\n"));
  ASSERT_NE(sp, std::string::npos) << escape(reply);
  std::string unique = reply.substr(sp + 1, reply.find("\r\n") - sp - 1);
  std::string req = "cas a 0 0 1 " + unique + " noreply\r\ny\r\n" + "cas a 0 0 1 " + unique +
                    " noreply\r\nz\r\n" + "cas zz 0 0 1 1 noreply\r\nx\r\n" + "get a\r\n";
  EXPECT_REPLY(c, req, "VALUE a 0 1\r\ny\r\nEND\r\n");
}

TEST_P(PipelineTest, NoreplyOtherCommandsSendNothing) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set n 0 0 2\r\n10\r\nset d 0 0 1\r\nx\r\n", "STORED\r\nSTORED\r\n");
  std::string req = std::string("incr n 5 noreply\r\n") + "decr n 2 noreply\r\n" +
                    "incr zz 1 noreply\r\n" + "delete d noreply\r\n" + "delete d noreply\r\n" +
                    "touch n 100 noreply\r\n" + "touch zz 100 noreply\r\n" +
                    "verbosity 0 noreply\r\n" + "get n d\r\n";
  EXPECT_REPLY(c, req, "VALUE n 0 2\r\n13\r\nEND\r\n");
  EXPECT_REPLY(c, "flush_all noreply\r\nget n\r\n", "END\r\n");
  EXPECT_REPLY(c, "set n 0 0 1\r\n1\r\nflush_all 0 noreply\r\nget n\r\n", "STORED\r\nEND\r\n");
}

TEST_P(PipelineTest, NoreplyAlsoSilencesErrors) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set s 0 0 1\r\nx\r\n", "STORED\r\n");
  std::string req = std::string("incr s 1 noreply\r\n") + "incr s abc noreply\r\n" +
                    "touch s abc noreply\r\n" + "get s\r\n";
  EXPECT_REPLY(c, req, "VALUE s 0 1\r\nx\r\nEND\r\n");
  // A value over the item size limit is swallowed silently.
  std::string big(2 * 1024 * 1024, 'x');
  EXPECT_REPLY(c, set_cmd("big", big, 0, "noreply") + "get big s\r\n",
               "VALUE s 0 1\r\nx\r\nEND\r\n");
}

}  // namespace
}  // namespace ringcache::integration
