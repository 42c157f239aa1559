/*
 * A preloaded allocator shim for tools/kernel-matrix.sh: every block that malloc, posix_memalign or
 * aligned_alloc returns is filled with 0xff bytes, a float NaN, so that a kernel that reads memory it never
 * wrote produces NaN even where it multiplies that memory by zero (MALLOC_PERTURB_ fills with a large finite
 * value, which a product with zero hides). calloc and realloc are left alone: their contents are defined.
 * Build: cc -O2 -shared -fPIC -o nanfill.so tools/nanfill.c -ldl; use: LD_PRELOAD=/path/nanfill.so java ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t);

void *malloc(size_t n) {
  void *p = __libc_malloc(n);
  if (p != NULL && n > 0) {
    memset(p, 0xff, n);
  }
  return p;
}

int posix_memalign(void **p, size_t alignment, size_t n) {
  static int (*real)(void **, size_t, size_t);
  if (real == NULL) {
    real = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT, "posix_memalign");
  }
  int r = real(p, alignment, n);
  if (r == 0 && *p != NULL) {
    memset(*p, 0xff, n);
  }
  return r;
}

void *aligned_alloc(size_t alignment, size_t n) {
  static void *(*real)(size_t, size_t);
  if (real == NULL) {
    real = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "aligned_alloc");
  }
  void *p = real(alignment, n);
  if (p != NULL) {
    memset(p, 0xff, n);
  }
  return p;
}
