# vigil - one plain GNU Makefile. Targets: all check install uninstall bench fuzz clean,
# sanitizer variants (check-asan), eval targets. Honours PREFIX DESTDIR CC CFLAGS.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/vigil

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wvla -Wformat=2
# Developer and CI builds add -Werror (WERROR=1); the release build does not.
ifeq ($(WERROR),1)
WARN += -Werror
endif
# Sanitizer build: make SAN=1 BUILD=build-asan ...
ifeq ($(SAN),1)
CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

BUILD ?= build
PKGS := zlib libxml-2.0 icu-uc icu-i18n libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CURL_LIBS := $(shell pkg-config --libs libcurl 2>/dev/null)
ALL_CPPFLAGS := -Iinclude -Ilib -D_DEFAULT_SOURCE -DVIGIL_DATADIR='"$(DATADIR)"' $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS := $(WARN) -fvisibility=hidden $(CFLAGS)
LDLIBS += $(PKG_LIBS) -lm

LIB_SRC := $(sort $(wildcard lib/*.c))
CMD_SRC := $(sort $(wildcard cmd/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ := $(CMD_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
REPLAY_BIN := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/replay_%)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build-fuzz/%)

LIBA := $(BUILD)/libvigil.a
VIGIL := $(BUILD)/vigil

.PHONY: all check check-asan install uninstall bench fuzz fuzz-run clean eval-screen eval-detect
all: $(VIGIL) vigil vigil.pc

vigil: $(VIGIL)
	ln -sf $(VIGIL) vigil

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(VIGIL): $(CMD_OBJ) $(LIBA)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJ) $(LIBA) $(CURL_LIBS) $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/harness.h $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

# Corpus replay: each fuzz target linked with a plain main() that feeds it every
# file of fuzz/corpus/<name>/, so make check runs the corpus without clang.
$(BUILD)/fuzz/replay_%: fuzz/%.c fuzz/replay.c $(wildcard fuzz/*.h) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< fuzz/replay.c $(LIBA) $(LDLIBS)

vigil.pc: Makefile
	printf 'prefix=%s\nlibdir=%s\nincludedir=%s\n\nName: vigil\nDescription: AIS decoding, vessel behaviour detection and sanctions screening\nVersion: %s\nLibs: -L$${libdir} -lvigil\nLibs.private: %s -lm\nCflags: -I$${includedir}\n' \
		'$(PREFIX)' '$(LIBDIR)' '$(INCDIR)' \
		"$$(sed -n 's/^#define VIGIL_VERSION "\(.*\)"/\1/p' include/vigil/vigil.h)" '$(PKG_LIBS)' > $@

check: $(VIGIL) $(TEST_BIN) $(REPLAY_BIN)
	@BUILD=$(BUILD) VIGIL=$(abspath $(VIGIL)) sh tests/run.sh

check-asan:
	$(MAKE) SAN=1 BUILD=build-asan check

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR)/vigil $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(VIGIL) $(DESTDIR)$(BINDIR)/vigil
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libvigil.a
	install -m 644 vigil.pc $(DESTDIR)$(LIBDIR)/pkgconfig/vigil.pc
	install -m 644 include/vigil/*.h $(DESTDIR)$(INCDIR)/vigil/
	install -m 644 docs/vigil.1 $(DESTDIR)$(MANDIR)/man1/vigil.1
	if [ -n "$$(ls data 2>/dev/null)" ]; then cp -R data/. $(DESTDIR)$(DATADIR)/; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vigil $(DESTDIR)$(LIBDIR)/libvigil.a $(DESTDIR)$(LIBDIR)/pkgconfig/vigil.pc $(DESTDIR)$(MANDIR)/man1/vigil.1
	rm -rf $(DESTDIR)$(INCDIR)/vigil $(DESTDIR)$(DATADIR)

# libFuzzer targets (clang only). fuzz-run runs each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 20
# The library is compiled once with clang's instrumentation, then each target links it.
FUZZ_CFLAGS := -std=c11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_OBJ := $(LIB_SRC:lib/%.c=build-fuzz/lib/%.o)
build-fuzz/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	clang $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<
build-fuzz/libvigil-fuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^
build-fuzz/%: fuzz/%.c $(wildcard fuzz/*.h) build-fuzz/libvigil-fuzz.a
	clang $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build-fuzz/libvigil-fuzz.a $(LDLIBS)

fuzz: $(FUZZ_BIN)

fuzz-run: fuzz
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p build-fuzz/corpus-$$n; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=1024 build-fuzz/corpus-$$n fuzz/corpus/$${n#fuzz_} >build-fuzz/$$n.log 2>&1 \
		|| { tail -50 build-fuzz/$$n.log; exit 1; }; done

# screen: make eval-screen (tools/eval-screen.sh builds tools/eval_screen.c; EVAL_QUICK=1 skips 100k negatives)
eval-screen: $(LIBA)
	BUILD=$(BUILD) sh tools/eval-screen.sh

bench: all
	sh bench/run.sh

clean:
	rm -rf build build-asan build-fuzz vigil vigil.pc

# ---- geo (owner: geo helper): distance-to-shore lookup generated at build time ----
# tools/shoregen turns Natural Earth 1:10m land (npm world-atlas, installed into
# tools/node_modules by tools/deps.sh or here) into $(BUILD)/shore.bin. Without the
# dataset the build goes on and distance to shore answers "unknown" (docs/geography.md).
SHORE_JSON := tools/node_modules/world-atlas/land-10m.json
SHORE_BIN := $(BUILD)/shore.bin
$(BUILD)/tools/shoregen: tools/shoregen.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -D_DEFAULT_SOURCE -o $@ $< -lm
$(SHORE_JSON):
	-@if command -v npm >/dev/null 2>&1; then cd tools && npm ci --no-audit --no-fund >/dev/null 2>&1 || npm install --no-audit --no-fund >/dev/null 2>&1; fi; true
$(SHORE_BIN): $(BUILD)/tools/shoregen $(SHORE_JSON)
	@if [ -f $(SHORE_JSON) ]; then $(BUILD)/tools/shoregen $(SHORE_JSON) $@; \
	else echo "geo: $(SHORE_JSON) missing (run tools/deps.sh): distance to shore will be unknown" >&2; fi
all: $(SHORE_BIN)
check: $(SHORE_BIN)
install: install-shore
.PHONY: install-shore
install-shore: $(SHORE_BIN)
	if [ -f $(SHORE_BIN) ]; then install -d $(DESTDIR)$(DATADIR) && install -m 644 $(SHORE_BIN) $(DESTDIR)$(DATADIR)/shore.bin; fi
# ---- end geo ----

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(wildcard build-fuzz/lib/*.d)
