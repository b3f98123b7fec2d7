package io.peanutcache.hibernate.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The offset to the reference clock, from readings whose way there and back is not known. */
class ReferenceOffsetTest {

  private static final long SENT = 1_000_000L;

  private final ReferenceOffset offset = new ReferenceOffset();

  @Test
  void aReadingAloneGivesTheMiddleOfItsRoundTrip() {
    offset.add(SENT, TimeUnit.MILLISECONDS.toNanos(20), SENT + 510);

    assertThat(offset.millis()).isEqualTo(500);
    assertThat(offset.uncertaintyMillis()).as("half the round trip and the clocks' resolution")
        .isEqualTo(11);
  }

  @Test
  void aReadingSlowedOnItsWayThereDoesNotMoveAnOffsetAFastOneBounds() {
    offset.add(SENT, TimeUnit.MICROSECONDS.toNanos(300), SENT);

    offset.add(SENT + 1000, TimeUnit.MILLISECONDS.toNanos(40), SENT + 1000 + 38);

    assertThat(offset.millis()).as("the reference's clock is this JVM's").isZero();
    assertThat(offset.uncertaintyMillis()).isLessThanOrEqualTo(2);
  }

  @Test
  void readingsThatAgreeOnNoOffsetLeaveTheNewestAlone() {
    offset.add(SENT, TimeUnit.MICROSECONDS.toNanos(300), SENT);

    offset.add(SENT + 1000, TimeUnit.MICROSECONDS.toNanos(300), SENT + 1000 - 5000);

    assertThat(offset.millis()).as("another reference, 5 s behind").isEqualTo(-5000);
  }

  @Test
  void aReadingCountsForTheWindowOfReadingsAfterIt() {
    offset.add(SENT, TimeUnit.MICROSECONDS.toNanos(300), SENT);
    for (int reading = 1; reading < ReferenceOffset.WINDOW; reading++) {
      offset.add(SENT + reading * 1000L, TimeUnit.MILLISECONDS.toNanos(30), SENT + reading * 1000L + 20);
    }
    assertThat(offset.millis()).as("the fast reading still bounds it").isZero();

    offset.add(SENT + 20_000, TimeUnit.MILLISECONDS.toNanos(30), SENT + 20_000 + 20);

    assertThat(offset.millis()).as("the fast reading has left the window").isEqualTo(5);
  }
}
