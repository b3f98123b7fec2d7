package io.peanutcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peanutcache.CodecException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectStreamConstants;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;
import org.example.shop.Embargoed;
import org.example.shop.Entity;
import org.example.shop.Money;
import org.example.shop.Note;
import org.example.shop.Order;
import org.junit.jupiter.api.Test;

/** What the deserialization allow-list lets bytes from another node create, and what it bounds. */
class AllowListTest {

  private static final ClassLoader LOADER = AllowListTest.class.getClassLoader();
  private final ValueCodec encoder = new ValueCodec(LOADER);

  private Object decode(AllowList list, Object value, Class<?>... declaredTypes) {
    return new ValueCodec(LOADER, list.filter(declaredTypes)).decode(encoder.encode(value));
  }

  @Test
  void theJdkValueTypesAndJavaxCacheClassesAreAllowedByDefault() {
    AllowList list = AllowList.builtIn();
    Map<String, Object> values = new HashMap<>(Map.of("decimal", new BigDecimal("12.50"),
        "date", LocalDate.of(2026, 12, 6), "uuid", UUID.randomUUID(), "list", new ArrayList<>(List.of(1L, 2L)),
        "linked", new LinkedList<>(List.of("a")), "concurrent", new ConcurrentHashMap<>(Map.of("k", 'c')),
        "duration", new Duration(TimeUnit.SECONDS, 5)));

    assertEquals(values, decode(list, values));
    assertArrayEquals(new int[] {1, 2}, (int[]) decode(list, new int[] {1, 2}));
    assertArrayEquals(new String[] {"s"}, (String[]) decode(list, new String[] {"s"}));
  }

  @Test
  void anApplicationClassIsRefusedNamingItAndTheSetting() {
    CodecException refused = assertThrows(CodecException.class,
        () -> decode(AllowList.builtIn(), new Note("hello")));

    assertEquals("cannot decode a serialized value: class org.example.shop.Note is not allowed; to allow it, "
        + "add org.example.shop.Note or org.example.shop.** to peanutcache.serialization.allow (JDK filter "
        + "patterns separated by commas, such as com.example.** (a package and its subpackages), "
        + "com.example.* (one package), org.acme.Money (one class) or !org.acme.Bad (a refusal))",
        refused.getMessage());
  }

  @Test
  void anApplicationClassInsideACollectionIsRefusedToo() {
    CodecException refused = assertThrows(CodecException.class,
        () -> decode(AllowList.builtIn(), new ArrayList<>(List.of(new Note("inside")))));
    assertTrue(refused.getMessage().contains("class org.example.shop.Note is not allowed"), refused.getMessage());
  }

  @Test
  void addedPatternsAllowClassesAndPackages() {
    assertEquals(new Note("n"), decode(AllowList.of(List.of("org.example.shop.Note")), new Note("n")));
    assertEquals(new Note("n"), decode(AllowList.of(List.of("org.example.**")), new Note("n")));
    assertEquals(new Note("n"), decode(AllowList.of(List.of("org.example.shop.*")), new Note("n")));
    assertThrows(CodecException.class, () -> decode(AllowList.of(List.of("org.example.*")), new Note("n")),
        "one package does not take its subpackages");
  }

  @Test
  void aRefusalPatternWinsOverTheBuiltInList() {
    AllowList list = AllowList.of(List.of("!java.util.LinkedList"));
    CodecException refused = assertThrows(CodecException.class,
        () -> decode(list, new LinkedList<>(List.of("x"))));
    assertTrue(refused.getMessage().contains("java.util.LinkedList"), refused.getMessage());
    assertEquals(List.of("x"), decode(list, new ArrayList<>(List.of("x"))));
  }

  @Test
  void patternsCanBeAddedLaterAndApplyToFiltersMadeBefore() {
    AllowList list = AllowList.builtIn();
    var filter = list.filter();
    byte[] note = encoder.encode(new Note("later"));
    assertThrows(CodecException.class, () -> new ValueCodec(LOADER, filter).decode(note));

    list.add(List.of("org.example.shop.Note"));

    assertEquals(new Note("later"), new ValueCodec(LOADER, filter).decode(note));
    assertEquals(List.of("org.example.shop.Note"), list.patterns());
  }

  @Test
  void aDeclaredTypeBringsItsSuperclassAndTheExactTypesOfItsFields() {
    Order order = new Order(7, new Money(new BigDecimal("9.99"), "EUR"), "gift");

    assertEquals(order, decode(AllowList.builtIn(), order, String.class, Order.class));
    assertEquals(new Entity(1).id(), ((Entity) decode(AllowList.builtIn(), new Entity(1), Order.class)).id());
    assertEquals(new Money(BigDecimal.ONE, "USD"), decode(AllowList.builtIn(), new Money(BigDecimal.ONE, "USD"),
        Order.class));
  }

  @Test
  void aFieldDeclaredAsObjectBringsNothing() {
    Order order = new Order(7, new Money(BigDecimal.TEN, "EUR"), new Note("not declared"));
    CodecException refused = assertThrows(CodecException.class,
        () -> decode(AllowList.builtIn(), order, Order.class));
    assertTrue(refused.getMessage().contains("class org.example.shop.Note is not allowed"), refused.getMessage());
  }

  @Test
  void dynamicProxiesAreNeverAllowed() {
    Object proxy = Proxy.newProxyInstance(LOADER, new Class<?>[] {Runnable.class, java.io.Serializable.class},
        (self, method, arguments) -> null);
    AllowList everything = AllowList.of(List.of("*"));
    assertFalse(everything.allows(proxy.getClass()));
    assertTrue(everything.allows(Note.class), "* allows every class");
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() {
    List<Object> nested = new ArrayList<>();
    List<Object> inner = nested;
    for (int i = 0; i < AllowList.MAX_DEPTH + 10; i++) {
      List<Object> next = new ArrayList<>();
      inner.add(next);
      inner = next;
    }
    CodecException refused = assertThrows(CodecException.class, () -> decode(AllowList.builtIn(), nested));
    assertTrue(refused.getMessage().contains("depth"), refused.getMessage());
    assertTrue(refused.getMessage().contains("at most " + AllowList.MAX_DEPTH), refused.getMessage());
  }

  @Test
  void anArrayLongerThanItsStreamIsRefusedBeforeItIsAllocated() throws IOException {
    // a stream of a few bytes that claims a long[] of two billion elements
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(0x0B);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeShort(ObjectStreamConstants.STREAM_MAGIC);
      out.writeShort(ObjectStreamConstants.STREAM_VERSION);
      out.writeByte(ObjectStreamConstants.TC_ARRAY);
      out.writeByte(ObjectStreamConstants.TC_CLASSDESC);
      out.writeUTF("[J");
      out.writeLong(ObjectStreamClassUid.of(long[].class));
      out.writeByte(ObjectStreamConstants.SC_SERIALIZABLE);
      out.writeShort(0);
      out.writeByte(ObjectStreamConstants.TC_ENDBLOCKDATA);
      out.writeByte(ObjectStreamConstants.TC_NULL);
      out.writeInt(2_000_000_000);
    }
    byte[] frame = bytes.toByteArray();

    CodecException refused = assertThrows(CodecException.class,
        () -> new ValueCodec(LOADER, AllowList.builtIn().filter()).decode(frame));

    assertTrue(refused.getMessage().contains("claims an array of 2000000000 elements"), refused.getMessage());
  }

  @Test
  void theJvmWideFilterStillRejectsWhatTheListAllows() {
    // set once for the whole JVM; it refuses one class that only this test uses
    ObjectInputFilter.Config.setSerialFilter(ObjectInputFilter.Config.createFilter("!" + Embargoed.class.getName()));
    AllowList list = AllowList.of(List.of("org.example.shop.**"));

    CodecException refused = assertThrows(CodecException.class, () -> decode(list, new Embargoed("sanctions")));

    assertEquals("cannot decode a serialized value: class org.example.shop.Embargoed is rejected by the JVM-wide "
        + "filter jdk.serialFilter", refused.getMessage());
    assertEquals(new Note("fine"), decode(list, new Note("fine")), "what the JVM-wide filter leaves is allowed");
  }

  @Test
  void aRefusalWinsOverAnEarlierPatternThatAllows() {
    AllowList list = AllowList.of(List.of("org.example.shop.**", "!org.example.shop.Note"));

    assertFalse(list.allows(Note.class));
    assertTrue(list.allows(Money.class));
  }

  @Test
  void anArrayOfAnInterfaceIsAllowedAndItsElementsAreCheckedEach() {
    java.io.Serializable[] state = {"name", 42L, new BigDecimal("1.5")};
    assertArrayEquals(state, (Object[]) decode(AllowList.builtIn(), state));

    java.io.Serializable[] hostile = {"name", new Note("not allowed")};
    CodecException refused = assertThrows(CodecException.class, () -> decode(AllowList.builtIn(), hostile));
    assertTrue(refused.getMessage().contains("class org.example.shop.Note is not allowed"), refused.getMessage());
  }

  @Test
  void aMalformedPatternIsRefusedNamingIt() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> AllowList.parse("com.example.**, org.*.Money"));
    assertTrue(refused.getMessage().startsWith("malformed pattern \"org.*.Money\": a * may only end a pattern"),
        refused.getMessage());
    assertEquals(List.of("com.example.**", "org.acme.Money"), AllowList.parse(" com.example.** ;org.acme.Money, "));
  }

  /** The serialVersionUID the JDK computes for a class, as a stream names it. */
  private static final class ObjectStreamClassUid {
    static long of(Class<?> type) {
      return java.io.ObjectStreamClass.lookup(type).getSerialVersionUID();
    }
  }
}
