// Malformed input: bad command lines, key and length limits, data blocks that do not match
// their declared length. After each error the connection must stay in step with the client.
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using ErrorsTest = ServerTest;
RINGCACHE_SERVER_SUITE(ErrorsTest);

const std::string kKey250(250, 'k');
const std::string kKey251(251, 'k');
const std::string kBadFormat = "CLIENT_ERROR bad command line format\r\n";

TEST_P(ErrorsTest, KeyOf250BytesIsAccepted) {
  TestClient c = connect();
  EXPECT_REPLY(c, set_cmd(kKey250, "x"), "STORED\r\n");
  EXPECT_REPLY(c, "get " + kKey250 + "\r\n", "VALUE " + kKey250 + " 0 1\r\nx\r\nEND\r\n");
  EXPECT_REPLY(c, "delete " + kKey250 + "\r\n", "DELETED\r\n");
}

TEST_P(ErrorsTest, KeyOf251BytesIsRejectedByEveryCommand) {
  TestClient c = connect();
  for (std::string cmd : {"get ", "gets ", "delete ", "gets a "}) {
    EXPECT_REPLY(c, cmd + kKey251 + "\r\n", kBadFormat);
  }
  EXPECT_REPLY(c, "incr " + kKey251 + " 1\r\n", kBadFormat);
  EXPECT_REPLY(c, "touch " + kKey251 + " 1\r\n", kBadFormat);
  // A rejected storage command line does not swallow its data line, which is then an
  // unknown command (this is how memcached resynchronises).
  EXPECT_REPLY(c, set_cmd(kKey251, "x"), kBadFormat + "ERROR\r\n");
  EXPECT_REPLY(c, "get a\r\n", "END\r\n");
}

TEST_P(ErrorsTest, MalformedStorageLinesAreClientErrors) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set x\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "set x 0 0\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "set x abc 0 1\r\nx\r\n", kBadFormat + "ERROR\r\n");
  EXPECT_REPLY(c, "set x -1 0 1\r\nx\r\n", kBadFormat + "ERROR\r\n");
  EXPECT_REPLY(c, "set x 0 abc 1\r\nx\r\n", kBadFormat + "ERROR\r\n");
  EXPECT_REPLY(c, "set x 0 0 abc\r\n", kBadFormat);
  EXPECT_REPLY(c, "cas x 0 0 1 abc\r\nx\r\n", kBadFormat + "ERROR\r\n");
  EXPECT_REPLY(c, "cas x 0 0 1\r\nx\r\n", "ERROR\r\nERROR\r\n");
  EXPECT_REPLY(c, "get x\r\n", "END\r\n");
}

TEST_P(ErrorsTest, NegativeAndHugeLengthsAreRejected) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set x 0 0 -1\r\n", kBadFormat);
  EXPECT_REPLY(c, "set x 0 0 99999999999999999999\r\n", kBadFormat);
  EXPECT_REPLY(c, "set x 0 0 2147483648\r\n", kBadFormat);
  EXPECT_REPLY(c, "set x 0 0 2147483646\r\n", kBadFormat);
  EXPECT_REPLY(c, "get x\r\n", "END\r\n");
}

TEST_P(ErrorsTest, ValueLongerThanDeclaredIsBadDataChunk) {
  TestClient c = connect();
  // The server reads 3 bytes plus two for "\r\n"; "d\r" is not a terminator. What remains of
  // the line ("\n") is an empty command.
  EXPECT_REPLY(c, "set b 0 0 3\r\nabcd\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n");
  EXPECT_REPLY(c, "get b\r\n", "END\r\n");
}

TEST_P(ErrorsTest, ValueShorterThanDeclaredIsBadDataChunk) {
  TestClient c = connect();
  // "ab\r\n" is not 5 bytes yet, so the server waits for the rest of the block...
  EXPECT_TRUE(c.send("set b 0 0 5\r\nab\r\n"));
  EXPECT_EQ(c.read_for(std::chrono::milliseconds(100)), "");
  // ...and takes "ge" of the next command, then "t b\r\n" is unknown.
  EXPECT_REPLY(c, "get b\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n");
  EXPECT_REPLY(c, "get b\r\n", "END\r\n");
}

TEST_P(ErrorsTest, DataBlockWithoutTerminatorIsBadDataChunk) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set b 0 0 3\r\nabcXY", "CLIENT_ERROR bad data chunk\r\n");
  EXPECT_REPLY(c, "get b\r\n", "END\r\n");
}

TEST_P(ErrorsTest, TooManyTokensIsAnError) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 0 0 1 0 0 0 0\r\nx\r\n", "ERROR\r\nERROR\r\n");
  EXPECT_REPLY(c, "verbosity 1 2 3\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "get a\r\n", "END\r\n");
}

TEST_P(ErrorsTest, BadExptimeAndDeltaArguments) {
  TestClient c = connect();
  EXPECT_REPLY(c, "touch a abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n");
  EXPECT_REPLY(c, "gat abc a\r\n", "CLIENT_ERROR invalid exptime argument\r\n");
  EXPECT_REPLY(c, "flush_all abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n");
  EXPECT_REPLY(c, "incr a abc\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n");
}

TEST_P(ErrorsTest, UnterminatedLongLineClosesTheConnection) {
  TestClient c = connect();
  // memcached gives up on a command line over 2 KiB that has no newline yet and closes the
  // connection, so a client cannot make it buffer without bound.
  EXPECT_TRUE(c.send(std::string(8192, 'z')));
  EXPECT_TRUE(c.wait_closed());
  TestClient d = connect();  // the server itself carries on
  EXPECT_REPLY(d, "get a\r\n", "END\r\n");
}

TEST_P(ErrorsTest, LongKeyInAGetIsAClientError) {
  TestClient c = connect();
  EXPECT_REPLY(c, "get " + std::string(8192, 'k') + "\r\n", kBadFormat);
  EXPECT_REPLY(c, "get a\r\n", "END\r\n");
}

}  // namespace
}  // namespace ringcache::integration
