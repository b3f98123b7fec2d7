package io.peanutcache.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON a node writes about itself in etcd. */
class MemberRecordTest {

  @Test
  void aRecordIsOneLineOfReadableJsonThatReadsBackTheSame() {
    MemberRecord record = new MemberRecord("10.0.0.5:7001", "0.1.0", Instant.parse("2026-11-23T19:20:00Z"), "run-1");

    assertEquals("{\"address\":\"10.0.0.5:7001\",\"version\":\"0.1.0\",\"started\":\"2026-11-23T19:20:00Z\","
        + "\"instance\":\"run-1\"}", record.toJson());
    assertEquals(Optional.of(record), MemberRecord.parse(record.toJson()));
  }

  @Test
  void quotesBackslashesAndControlCharactersAreEscaped() {
    MemberRecord record = new MemberRecord("[::1]:7001", "v\"2\\x\n", Instant.EPOCH, "é");

    assertEquals(Optional.of(record), MemberRecord.parse(record.toJson()));
  }

  @Test
  void spacesAndFieldsInAnyOrderAreRead() {
    Optional<MemberRecord> parsed = MemberRecord.parse(
        " { \"version\" : \"1\" , \"address\" : \"h:1\" } ");

    assertEquals("h:1", parsed.orElseThrow().address());
    assertEquals(Instant.EPOCH, parsed.orElseThrow().started());
  }

  @Test
  void anAddressIsReadInItsCanonicalForm() {
    assertEquals("node-1.example.com:7001",
        MemberRecord.parse("{\"address\":\" Node-1.Example.COM:7001 \"}").orElseThrow().address());
    assertEquals("[2001:db8::1]:7001",
        MemberRecord.parse("{\"address\":\"[2001:DB8:0:0:0:0:0:1]:7001\"}").orElseThrow().address());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0.5:7001", "{}", "{\"address\":\"\"}", "{\"address\":1}",
      "{\"address\":\"h:1\"", "[\"address\"]", "{\"address\":\"h:1\" \"x\":\"y\"}",
      "{\"address\":\"not an address\"}", "{\"address\":\"h\"}", "{\"address\":\"h:0\"}",
      "{\"address\":\"h:70000\"}", "{\"address\":\"10.1:7001\"}", "{\"address\":\"[::g]:7001\"}"})
  void anythingElseIsNotARecord(String text) {
    assertTrue(MemberRecord.parse(text).isEmpty(), text);
  }
}
