package dev.sure4j.speech.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocator is read from the libraries a process maps. */
class NativeAllocatorTest {

  private static final String LIBC =
      "7f2c1a000000-7f2c1a028000 r--p 00000000 08:01 1234 /usr/lib/x86_64-linux-gnu/libc.so.6";

  @Test
  void aPreloadedLibraryNamesTheAllocator() {
    assertEquals(
        NativeAllocator.TCMALLOC,
        NativeAllocator.fromMaps(
            List.of(
                LIBC,
                "7f2c1b000000-7f2c1b010000 r-xp 00000000 08:01 99"
                    + " /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.9")));
    assertEquals(
        NativeAllocator.JEMALLOC,
        NativeAllocator.fromMaps(
            List.of("7f00-7f10 r-xp 00000000 08:01 7 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2")));
  }

  @Test
  void withoutOneItIsTheSystemMalloc() {
    assertEquals(
        NativeAllocator.SYSTEM, NativeAllocator.fromMaps(List.of(LIBC, "7f00-7f10 rw-p 0 0 0")));
    assertEquals(NativeAllocator.SYSTEM, NativeAllocator.fromMaps(List.of()));
  }

  @Test
  void thisTestJvmReportsWhatItsEnvironmentPreloaded() {
    String preload = System.getenv().getOrDefault("LD_PRELOAD", "");
    NativeAllocator expected =
        preload.contains("tcmalloc")
            ? NativeAllocator.TCMALLOC
            : preload.contains("jemalloc") ? NativeAllocator.JEMALLOC : NativeAllocator.SYSTEM;
    assertEquals(expected, NativeAllocator.current(), "LD_PRELOAD=" + preload);
  }
}
