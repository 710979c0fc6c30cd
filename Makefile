# kolb — see README.md. Plain GNU make; libraries through pkg-config.

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
LOCALEDIR ?= $(DATADIR)/locale
CC        ?= cc
VERSION   := 0.1.0

PKGS      := ncursesw sqlite3 libarchive libpcre2-8 libsodium jansson md4c \
             zlib cairo pangocairo fontconfig libqrencode
# Recursive (=) so pkg-config runs after `deps` has installed what is missing.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wno-format-nonliteral
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) \
            -DKOLB_VERSION='"$(VERSION)"' -DKOLB_LOCALEDIR='"$(LOCALEDIR)"' \
            -DKOLB_BUILD_LOCALEDIR='"$(BUILD)/locale"' -Isrc/core -MMD -MP
LDLIBS   = $(PKG_LIBS) -pthread

BUILD    ?= build
CORE_SRC := $(wildcard src/core/*.c)
TUI_SRC  := $(wildcard src/tui/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
APP_OBJ  := $(CORE_OBJ) $(TUI_SRC:%.c=$(BUILD)/%.o) $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
PACK_DIRS := $(wildcard content-packs/*/pack.json)
PACK_ARCHIVES := $(PACK_DIRS:content-packs/%/pack.json=$(BUILD)/packs/%.tar.gz)
DATA     ?= sessions
KOLB_BIN ?= kolb
# Message catalogues: locales/LANG.po -> BUILD/locale/LANG/LC_MESSAGES/kolb.mo, where
# ./kolb finds them when run from the checkout (see main.c).
PO_FILES := $(wildcard locales/*.po)
MO_FILES := $(PO_FILES:locales/%.po=$(BUILD)/locale/%/LC_MESSAGES/kolb.mo)

.PHONY: all deps run test check-asan check-valgrind packs install uninstall clean bench pot
.DEFAULT_GOAL := all

all: $(KOLB_BIN) $(MO_FILES)

$(BUILD)/locale/%/LC_MESSAGES/kolb.mo: locales/%.po | $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

# Check (and if possible install) every Debian package the build and tests need.
deps: $(BUILD)/.deps-ok
$(BUILD)/.deps-ok: scripts/deps.sh
	@sh scripts/deps.sh
	@mkdir -p $(BUILD) && touch $@

# Only the front ends see each other's headers; src/core sees only itself.
$(BUILD)/src/tui/%.o $(BUILD)/src/cli/%.o: FRONT_INC := -Isrc/cli -Isrc/tui

$(BUILD)/%.o: %.c | $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(FRONT_INC) -c -o $@ $<

$(KOLB_BIN): $(APP_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(APP_OBJ) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(CORE_OBJ) $(LDLIBS) $(CMOCKA_LIBS)

# Every pack folder under content-packs/ becomes a reproducible archive.
packs: $(PACK_ARCHIVES)
$(BUILD)/packs/%.tar.gz: content-packs/%/pack.json $(shell find content-packs -type f 2>/dev/null) $(KOLB_BIN)
	@mkdir -p $(dir $@)
	./$(KOLB_BIN) pack build content-packs/$* -o $@

# Build, install the sample packs into sessions/, open the TUI there.
run: kolb $(MO_FILES) packs
	@mkdir -p $(DATA)
	@for p in $(PACK_ARCHIVES); do ./kolb --data-dir $(DATA) pack install $$p >/dev/null || exit 1; done
	./kolb --data-dir $(DATA)

test: $(KOLB_BIN) $(MO_FILES) $(UNIT_BIN) packs
	@KOLB=./$(KOLB_BIN) UNIT_DIR=$(BUILD)/tests PACKS_DIR=$(BUILD)/packs sh tests/run.sh

# The whole suite again under AddressSanitizer and UBSan, in its own build folder.
check-asan:
	$(MAKE) BUILD=build-asan KOLB_BIN=kolb-asan \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test

# Unit tests and the main CLI paths under valgrind (PCRE2's JIT off: see match.c).
check-valgrind: $(KOLB_BIN) $(MO_FILES) $(UNIT_BIN) packs
	@KOLB=./$(KOLB_BIN) UNIT_DIR=$(BUILD)/tests PACKS_DIR=$(BUILD)/packs sh tests/valgrind.sh

bench: kolb packs
	@sh bench/pack_install.sh
	@sh bench/pack_list.sh
	@sh bench/tui_startup.sh
	@sh bench/export.sh
	@sh bench/search.sh
	@sh bench/print.sh

pot:
	xgettext --from-code=UTF-8 --add-comments=TRANSLATORS: -k_ -kN_ -kngettext:1,2 \
	    -kC_:1c,2 -kl10n_in:2 -o locales/kolb.pot \
	    --package-name=kolb --package-version=$(VERSION) $(CORE_SRC) $(TUI_SRC) $(CLI_SRC)

install: $(KOLB_BIN) $(MO_FILES) packs
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 kolb $(DESTDIR)$(BINDIR)/kolb
	@for mo in $(MO_FILES); do l=$${mo#$(BUILD)/locale/}; l=$${l%%/*}; \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 0644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kolb.mo || exit 1; done
	install -d $(DESTDIR)$(DATADIR)/kolb/packs
	@for p in $(PACK_ARCHIVES); do [ -f $$p ] && install -m 0644 $$p $(DESTDIR)$(DATADIR)/kolb/packs/ || true; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kolb
	rm -f $(DESTDIR)$(LOCALEDIR)/*/LC_MESSAGES/kolb.mo
	rm -rf $(DESTDIR)$(DATADIR)/kolb

clean:
	rm -rf build build-asan kolb kolb-asan

-include $(APP_OBJ:.o=.d)
