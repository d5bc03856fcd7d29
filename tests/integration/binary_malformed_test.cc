// Broken binary packets through the real binaries: the server answers or closes as memcached
// does, never crashes or hangs, and its other connections keep working. Also -B, which
// pins a server to one protocol.
#include "tests/integration/binary_wire.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using namespace bin;  // NOLINT: opcodes and statuses read better unqualified here

class BinaryMalformedTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    bystander_.emplace(connect());
    ASSERT_TRUE(bystander_->send(packet(kSet, "kept", store_extras(0, 0), "v", 1).bytes()));
    ASSERT_EQ(next(*bystander_), want(kSet, kSuccess, 1));
  }
  // The connection opened before the bad packet still works, and so does a new one.
  void TearDown() override {
    if (bystander_) {
      EXPECT_TRUE(bystander_->send(packet(kGet, "kept", "", "", 2).bytes()));
      EXPECT_EQ(next(*bystander_), want(kGet, kSuccess, 2, be32(0), "", "v"));
      TestClient fresh = connect();
      EXPECT_TRUE(fresh.send(packet(kNoop, "", "", "", 3).bytes()));
      EXPECT_EQ(next(fresh), want(kNoop, kSuccess, 3));
    }
    ServerTest::TearDown();
  }

 private:
  std::optional<TestClient> bystander_;
};
RINGCACHE_SERVER_SUITE(BinaryMalformedTest);

TEST_P(BinaryMalformedTest, BadMagicAfterAGoodPacketCloses) {
  for (uint8_t magic : {uint8_t{0x81}, uint8_t{0x00}, uint8_t{0xff}}) {
    TestClient c = connect();
    Request bad = packet(kNoop, "", "", "", 2);
    bad.magic = magic;
    ASSERT_TRUE(c.send(concat({packet(kNoop, "", "", "", 1), bad, packet(kNoop, "", "", "", 3)})));
    EXPECT_EQ(next(c), want(kNoop, kSuccess, 1));
    EXPECT_TRUE(c.wait_closed()) << "magic " << int(magic);
    EXPECT_EQ(escape(c.read_for(std::chrono::milliseconds(50))), "");
  }
}

TEST_P(BinaryMalformedTest, KeyLongerThanTheBodyCloses) {
  TestClient c = connect();
  Request bad = packet(kGet, "short", "", "", 1);
  bad.key_length = 16;  // the body has 5 bytes
  ASSERT_TRUE(c.send(bad.bytes() + packet(kNoop, "", "", "", 2).bytes()));
  // memcached answers "Unknown command" before closing; what matters is that nothing
  // after the broken packet is read as a request.
  auto r = read_response(c);
  ASSERT_TRUE(r);
  EXPECT_NE(r->opaque, 2u);
  EXPECT_NE(r->status, kSuccess);
  EXPECT_TRUE(c.wait_closed());
}

TEST_P(BinaryMalformedTest, ExtrasAndKeyLongerThanTheBodyClose) {
  TestClient c = connect();
  Request bad = packet(kSet, "k", store_extras(0, 0), "v", 1);
  bad.body_length = 5;  // extras 8 + key 1 do not fit
  ASSERT_TRUE(c.send(bad.bytes() + packet(kNoop, "", "", "", 2).bytes()));
  auto r = read_response(c);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->opaque, 1u);
  EXPECT_NE(r->status, kSuccess);
  EXPECT_TRUE(c.wait_closed());
}

TEST_P(BinaryMalformedTest, ValueOverTheItemLimitIsRefusedAndSkipped) {
  TestClient c = connect();
  c.set_timeout(std::chrono::seconds(20));
  const std::string big(2'000'000, 'x');
  ASSERT_TRUE(c.send(concat({packet(kSet, "big", store_extras(0, 0), big, 1),
                             packet(kNoop, "", "", "", 2), packet(kGet, "big", "", "", 3)})));
  EXPECT_EQ(next(c), want(kSet, kTooLarge, 1, "", "", "Too large."));
  EXPECT_EQ(next(c), want(kNoop, kSuccess, 2));
  EXPECT_EQ(next(c), want(kGet, kKeyNotFound, 3, "", "", "Not found"));
}

// A 4 GB body: memcached closes at once (the length overflows its int); ringcache refuses
// the set at once as too large and discards what follows, as for any oversized value.
// Either way the server does not wait for the body before answering, nor stop serving.
TEST_P(BinaryMalformedTest, HugeBodyLengthIsRefusedWithoutWaitingForIt) {
  TestClient c = connect();
  Request bad = packet(kSet, "big", store_extras(0, 0), std::string(100, 'x'), 1);
  bad.body_length = 0xfffffff0;
  ASSERT_TRUE(c.send(bad.bytes() + packet(kNoop, "", "", "", 2).bytes()));
  if (is_memcached()) {
    EXPECT_TRUE(c.wait_closed());
  } else {
    EXPECT_EQ(next(c), want(kSet, kTooLarge, 1, "", "", "Too large."));
    EXPECT_EQ(escape(c.read_for(std::chrono::milliseconds(100))), "");  // NOOP discarded
  }
}

TEST_P(BinaryMalformedTest, BodyOnACommandThatTakesNoneCloses) {
  TestClient c = connect();
  ASSERT_TRUE(c.send(packet(kGet, "k", "", std::string(2000, 'x'), 1).bytes() +
                     packet(kNoop, "", "", "", 2).bytes()));
  EXPECT_EQ(next(c), want(kGet, kInvalidArguments, 1, "", "", "Invalid arguments"));
  EXPECT_TRUE(c.wait_closed());
}

TEST_P(BinaryMalformedTest, PartialHeaderThenSilenceKeepsWaiting) {
  TestClient c = connect();
  const std::string noop = packet(kNoop, "", "", "", 1).bytes();
  ASSERT_TRUE(c.send(noop.substr(0, 10)));
  EXPECT_EQ(escape(c.read_for(std::chrono::milliseconds(200))), "");
  ASSERT_TRUE(c.send(noop.substr(10)));
  EXPECT_EQ(next(c), want(kNoop, kSuccess, 1));
}

TEST_P(BinaryMalformedTest, RandomGarbageNeverStopsTheServer) {
  // Deterministic junk after a binary start: every connection ends (answered or closed)
  // within the timeout, and the fixture then checks that the server still serves.
  uint32_t state = 12345;
  auto rnd = [&state] { return state = state * 1103515245u + 12345u; };
  for (int round = 0; round < 20; ++round) {
    TestClient c = connect();
    c.set_timeout(std::chrono::seconds(2));
    std::string junk = packet(kNoop, "", "", "", 1).bytes();
    std::string header = packet(static_cast<uint8_t>(rnd() >> 24), "key", "", "val", 2).bytes();
    for (int i = 1; i < 24; ++i) {
      if (rnd() % 3 == 0) header[i] = static_cast<char>(rnd() >> 16);
    }
    // A flush would be a valid request, and wipe what the fixture checks afterwards.
    const auto op = static_cast<uint8_t>(header[1]);
    if (op == kFlush || op == kFlushQ) header[1] = static_cast<char>(kNoop);
    junk += header;
    for (int i = 0; i < 64; ++i) junk.push_back(static_cast<char>(rnd() >> 16));
    ASSERT_TRUE(c.send(junk));
    EXPECT_EQ(next(c), want(kNoop, kSuccess, 1));
    c.read_for(std::chrono::milliseconds(20));
  }
}

// -B pins a server to one protocol, as memcached's -B does.
class ProtocolAsciiTest : public ServerTest {
 protected:
  std::vector<std::string> server_args() const override { return {"-B", "ascii"}; }
};
RINGCACHE_SERVER_SUITE(ProtocolAsciiTest);

TEST_P(ProtocolAsciiTest, BinaryPacketsGetTextErrors) {
  TestClient c = connect();
  ASSERT_TRUE(c.send(packet(kNoop, "", "", "", 1).bytes()));
  EXPECT_EQ(escape(c.read_line()), escape("ERROR\r\n"));
  TestClient text = connect();
  EXPECT_REPLY(text, "set a 0 0 1\r\nx\r\nget a\r\nmn\r\n",
               "STORED\r\nVALUE a 0 1\r\nx\r\nEND\r\nMN\r\n");
}

class ProtocolBinaryTest : public ServerTest {
 protected:
  std::vector<std::string> server_args() const override { return {"-B", "binary"}; }
};
RINGCACHE_SERVER_SUITE(ProtocolBinaryTest);

TEST_P(ProtocolBinaryTest, TextIsNeverAnswered) {
  TestClient c = connect();
  // 24 bytes or more: a whole header whose magic is 'g', which closes the connection.
  ASSERT_TRUE(c.send("get a b c d e f g h i j k\r\n"));
  EXPECT_TRUE(c.wait_closed());
  EXPECT_EQ(escape(c.read_for(std::chrono::milliseconds(50))), "");
  TestClient b = connect();
  ASSERT_TRUE(b.send(concat({packet(kSet, "a", store_extras(0, 0), "x", 1), packet(kGet, "a", "", "", 2)})));
  EXPECT_EQ(next(b), want(kSet, kSuccess, 1));
  EXPECT_EQ(next(b), want(kGet, kSuccess, 2, be32(0), "", "x"));
}

}  // namespace
}  // namespace ringcache::integration
