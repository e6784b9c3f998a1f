/* SPDX-License-Identifier: Apache-2.0 */
/* see wk_json.h */
#include <string.h>

#include "wk_internal.h"

/* Speed only: the straight loops for the usual shapes (read_members(),
 * plain_value()), member names found in place (plain_name()) and compared a
 * word at a time, string text scanned a word at a time, whole UTF-8
 * sequences and literals taken in one step. About 1.6 KB of Cortex-M code;
 * with -Os the reading loop takes everything a byte at a time, with the same
 * results (see docs/DESIGN.md). -DWK_JSON_SHORTCUTS=0 or 1 chooses. */
#ifndef WK_JSON_SHORTCUTS
#if defined(__OPTIMIZE_SIZE__)
#define WK_JSON_SHORTCUTS 0
#else
#define WK_JSON_SHORTCUTS 1
#endif
#endif

/* A function of its own when optimizing for size. Inlined into the
 * reading loop, these spill its registers: GCC at -Os makes the reader
 * about 0.2 KB larger on Cortex-M with them inside. Speed builds inline
 * them as before. */
#if defined(__GNUC__) && defined(__OPTIMIZE_SIZE__)
#define OWN_FRAME __attribute__((noinline))
#else
#define OWN_FRAME
#endif

/* What the next byte may be: between tokens (the first seven), or inside one. */
enum state {
    ST_VALUE = 0,      /* a value must come */
    ST_VALUE_OR_CLOSE, /* just after '[' */
    ST_KEY_OR_CLOSE,   /* just after '{' */
    ST_KEY,            /* after ',' in an object */
    ST_COLON,
    ST_AFTER,          /* ',' or a closing bracket */
    ST_DONE,           /* the document is complete: whitespace only */
    ST_STRING,
    ST_NUMBER,
    ST_LITERAL
};

/* Where in a string. */
enum str_state { STR_PLAIN = 0, STR_UTF8, STR_ESCAPE, STR_LOW_BACKSLASH, STR_LOW_U, STR_HEX };

/* Where in a number (RFC 8259 grammar); NUM_START: before its first byte;
 * NUM_END: the byte after it. */
enum num_state {
    NUM_MINUS = 0, NUM_ZERO, NUM_INT, NUM_DOT, NUM_FRAC, NUM_EXP, NUM_SIGN, NUM_EXP_DIGITS,
    NUM_START, NUM_END, NUM_BAD
};

/* Where decoded string bytes go. */
enum out { OUT_NONE = 0, OUT_NAME, OUT_TEXT, OUT_HOOK };

/* What a table says about the next value: nothing (no table here), the
 * document itself, a member of r->table, an entry of a list of strings, or
 * an entry of a list of objects. */
enum context { CX_NONE = 0, CX_DOCUMENT, CX_MEMBER, CX_STRING_ENTRY, CX_OBJECT_ENTRY };

/* Kinds of value as their first byte tells them, beside wk_json_kind_t
 * (whose WK_JSON_KIND_LIST stands for any '['). */
#define KIND_NULL 6
#define KIND_BAD 7

/* The literals, each ended by a NUL: r->literal is the position of the
 * next byte to match. */
static const char k_literals[] = "true\0false\0null";

/* The number grammar: the next state from a state and the class of a byte
 * ('0', '1'-'9', '.', 'e' or 'E', '+' or '-', anything else). k_number_class:
 * the class of '+' to '9' ('e' and 'E' are the only others not 5). */
static const uint8_t k_number_class[] = {4, 5, 4, 2, 5, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const uint8_t k_number[9][6] = {
    [NUM_MINUS] = {NUM_ZERO, NUM_INT, NUM_BAD, NUM_BAD, NUM_BAD, NUM_BAD},
    [NUM_ZERO] = {NUM_BAD, NUM_BAD, NUM_DOT, NUM_EXP, NUM_END, NUM_END},
    [NUM_INT] = {NUM_INT, NUM_INT, NUM_DOT, NUM_EXP, NUM_END, NUM_END},
    [NUM_DOT] = {NUM_FRAC, NUM_FRAC, NUM_BAD, NUM_BAD, NUM_BAD, NUM_BAD},
    [NUM_FRAC] = {NUM_FRAC, NUM_FRAC, NUM_END, NUM_EXP, NUM_END, NUM_END},
    [NUM_EXP] = {NUM_EXP_DIGITS, NUM_EXP_DIGITS, NUM_BAD, NUM_BAD, NUM_SIGN, NUM_BAD},
    [NUM_SIGN] = {NUM_EXP_DIGITS, NUM_EXP_DIGITS, NUM_BAD, NUM_BAD, NUM_BAD, NUM_BAD},
    [NUM_EXP_DIGITS] = {NUM_EXP_DIGITS, NUM_EXP_DIGITS, NUM_END, NUM_END, NUM_END, NUM_END},
    /* (a number starts with '-' or a digit: '+' never comes here) */
    [NUM_START] = {NUM_ZERO, NUM_INT, NUM_BAD, NUM_BAD, NUM_MINUS, NUM_BAD},
};

/* ---- Small helpers ----------------------------------------------------------- */

static bool level_is_object(const wk_json_reader_t *r, uint32_t i)
{
    return (((unsigned)r->nesting[i / 8u] >> (i % 8u)) & 1u) != 0u;
}

/* The table of the object at level k (level k is an object with a table). */
static const wk_json_object_t *table_of(const wk_json_reader_t *r, uint32_t k)
{
    return (k == 0u) ? r->doc->root : r->level[k - 1u].member->object;
}

WK_HOT void *at_offset(const wk_json_reader_t *r, size_t offset)
{
    return (char *)r->record + offset;
}

WK_HOT uint32_t *presence(const wk_json_reader_t *r, const wk_json_object_t *t)
{
    return (uint32_t *)at_offset(r, t->present);
}

static uint64_t offset_of(const wk_json_reader_t *r, const uint8_t *at)
{
    return r->offset + (uint64_t)(at - r->chunk);
}

/* A string member with a bounded buffer of its own (else: the document's storage). */
WK_HOT bool own_buffer(const wk_json_member_t *m)
{
    return m->kind == WK_JSON_KIND_STRING && m->limit != 0u;
}

WK_HOT bool is_space(uint8_t b)
{
    /* tab, line feed, carriage return, space */
    return b == ' ' || (b < ' ' && ((0x2600u >> b) & 1u) != 0u);
}

/* Index of the lowest bit set in a non-zero mask. */
static unsigned lowest_bit(uint32_t mask)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctz(mask);
#else
    unsigned i = 0u;
    while (((mask >> i) & 1u) == 0u) {
        i++;
    }
    return i;
#endif
}

/* A value ended: what may follow, and the next entry of a list of objects. */
WK_HOT void value_done(wk_json_reader_t *r)
{
    r->state = (r->depth == 0u) ? ST_DONE : ST_AFTER;
    if (r->context == CX_OBJECT_ENTRY) {
        r->level[r->levels - 1u].index++;
    }
}

/* ---- Failures ------------------------------------------------------------------ */

/* What failed, in one number, so that a call names it with one argument:
 * its status (the low four bits, counted down from WK_ERR_JSON_SYNTAX) and,
 * with the texts, the index of its words in k_what (above them). The first
 * five words are "not <kind>" (indexed by wk_json_kind_t, WK_JSON_KIND_LIST
 * for any list: W_TYPE | kind << 4), then the rest; k_what holds them in
 * this order, each ended by a NUL. The last three are formats for a limit
 * passed: its size, then its name. */
#define STATUS_BITS(status) ((unsigned)WK_ERR_JSON_SYNTAX - (unsigned)(status))
#if CONFIG_WK_DIAG_TEXT
#define WHAT(status, word) (((unsigned)(word) << 4) | STATUS_BITS(status))
#else
#define WHAT(status, word) STATUS_BITS(status)
#endif
_Static_assert(STATUS_BITS(WK_ERR_JSON_TOO_MANY_ITEMS) < 16u, "a failure's status in four bits");
enum what {
    W_TYPE = WHAT(WK_ERR_JSON_TYPE, 0),
    W_SYNTAX = WHAT(WK_ERR_JSON_SYNTAX, 5),
    W_TRAILING = WHAT(WK_ERR_JSON_TRAILING, 6),
    W_DEEP = WHAT(WK_ERR_JSON_TOO_DEEP, 7),
    W_ESCAPE = WHAT(WK_ERR_JSON_STRING, 8),
    W_SURROGATE = WHAT(WK_ERR_JSON_STRING, 9),
    W_CONTROL = WHAT(WK_ERR_JSON_STRING, 10),
    W_UTF8 = WHAT(WK_ERR_JSON_STRING, 11),
    W_NUMBER = WHAT(WK_ERR_JSON_NUMBER, 12),
    W_RANGE = WHAT(WK_ERR_JSON_NUMBER, 13),
    W_FRACTION = WHAT(WK_ERR_JSON_NUMBER, WK_JSON_KIND_INT32), /* "not int32" */
    W_EMPTY = WHAT(WK_ERR_JSON_TRUNCATED, 14),
    W_TRUNCATED = WHAT(WK_ERR_JSON_TRUNCATED, 15),
    W_LONGER = WHAT(WK_ERR_JSON_FIELD_TOO_LONG, 16),
    W_FULL = WHAT(WK_ERR_JSON_FIELD_TOO_LONG, 17),
    W_MANY = WHAT(WK_ERR_JSON_TOO_MANY_ITEMS, 18)
};

#if CONFIG_WK_DIAG_TEXT
static const char k_what[] = "not string\0not bool\0not int32\0not object\0not list\0bad byte\0"
                             "trailing data\0over CONFIG_WK_JSON_MAX_DEPTH\0bad escape\0"
                             "lone surrogate\0control byte\0bad UTF-8\0bad number\0outside int32\0"
                             "empty body\0"
                             "truncated\0longer than %llu bytes %s\0over the %llu-byte %s\0"
                             "more than %llu entries %s";
#endif

/* The reader stops with what's status (the first failure sticks). The
 * diagnostic says where, the entry of each list of objects and the member of
 * the innermost table's object ("users[11] field \"status\": "), what
 * failed, with a limit's size n and name where one was passed, and the byte
 * offset. */
OWN_FRAME static void fail_limit(wk_json_reader_t *r, unsigned what, uint64_t offset, size_t n,
                                 const char *name)
{
#if CONFIG_WK_DIAG_TEXT
    const wk_json_member_t *m = NULL;
    bool object = true;
    const char *field = NULL;
    const char *more = "";
    const char *word = k_what;
    size_t len = 0u;
    uint32_t k;
#endif
    if (r->failed != WK_OK) {
        return;
    }
    r->failed = (wk_status_t)(WK_ERR_JSON_SYNTAX - (int)(what & 15u));
    wk_diag_clear(r->diag);
#if CONFIG_WK_DIAG_TEXT
    /* (the loop leaves m and object as the innermost level's) */
    for (k = 0u; k < r->levels; k++) {
        m = r->level[k].member;
        object = level_is_object(r, k);
        if (!object && m->kind == WK_JSON_KIND_ARRAY) {
            wk_diag_fmt(r->diag, "%s[%llu] ", m->name, (unsigned long long)r->level[k].index);
        }
    }
    if (r->levels == 0u || (!object && m->kind != WK_JSON_KIND_LIST)) {
        /* the document, or an entry of a list of objects */
    } else if (m != NULL && !(r->key && r->state == ST_STRING)) {
        field = m->name;
        len = m->name_len;
    } else if (r->named) {
        /* an unknown name, shown cut where it is longer than r->name */
        field = r->name;
        len = (r->name_len < WK_JSON_NAME_MAX) ? r->name_len : WK_JSON_NAME_MAX;
        more = (r->name_len > len) ? "..." : "";
    } else {
        /* no member yet */
    }
    what >>= 4;
    while (what-- > 0u) {
        word += wk_strlen(word) + 1u;
    }
    if (field != NULL) {
        wk_diag_fmt(r->diag, "field \"%.*s%s\": ", (int)len, field, more);
    }
    /* (a word from k_what: a format that takes n and name, or neither) */
    wk_diag_fmt(r->diag, word, (unsigned long long)n, name);
    wk_diag_fmt(r->diag, " at body offset %llu", (unsigned long long)offset);
#else
    (void)offset;
    (void)n;
    (void)name;
#endif
}

static void fail_at(wk_json_reader_t *r, uint64_t offset, unsigned what)
{
    fail_limit(r, what, offset, 0u, NULL);
}

static void fail(wk_json_reader_t *r, const uint8_t *at, unsigned what)
{
    fail_at(r, offset_of(r, at), what);
}

/* The current string does not fit from at on. */
static void too_long(wk_json_reader_t *r, const uint8_t *at)
{
    const wk_json_member_t *m = r->member;
    bool own = own_buffer(m);
    fail_limit(r, own ? W_LONGER : W_FULL, offset_of(r, at), own ? m->limit : r->doc->strings_size,
               own ? m->name + m->name_len + 1 : r->doc->strings_name);
}

/* Tells the hook of r->table, if it has one; a status other than WK_OK
 * stops the reader. */
static void tell(wk_json_reader_t *r, wk_json_event_t event, const wk_json_member_t *m,
                 const void *bytes, size_t n)
{
    wk_status_t status = WK_OK;
    if (r->table->hook != NULL) {
        status = r->table->hook(r->record, event, m, (const char *)bytes, n);
    }
    r->failed = (r->failed == WK_OK) ? status : r->failed;
}

/* ---- Destinations ------------------------------------------------------------ */

/* Member m reads as absent (the members of its table too, for an object). */
WK_HOT void reset_member(wk_json_reader_t *r, const wk_json_member_t *m)
{
    /* (each branch a kind whose row holds an offset, not a table) */
    wk_str_t *str;
    if (m->kind == WK_JSON_KIND_STRING && (m->flags & WK_JSON_TO_HOOK) == 0u) {
        str = (wk_str_t *)at_offset(r, m->offset);
        str->ptr = "";
        str->len = 0u;
    } else if (m->kind == WK_JSON_KIND_BOOL) {
        *(bool *)at_offset(r, m->offset) = false;
    } else if (m->kind == WK_JSON_KIND_INT32) {
        *(int32_t *)at_offset(r, m->offset) = 0;
    } else if (m->kind == WK_JSON_KIND_LIST) {
        *(size_t *)(void *)((wk_str_t *)at_offset(r, m->offset) + m->limit) = 0u;
    } else {
        /* objects are reset when they begin; the rest hold nothing */
    }
}

/* Every member of table t, and of the tables below it, reads as absent. */
static void reset_all(wk_json_reader_t *r, const wk_json_object_t *t)
{
    const wk_json_object_t *todo[WK_JSON_LEVELS];
    size_t pending = 1u;
    size_t i;
    todo[0] = t;
    while (pending > 0u) {
        t = todo[--pending];
        *presence(r, t) = 0u;
        for (i = 0u; i < t->count; i++) {
            reset_member(r, &t->members[i]);
            if (t->members[i].kind >= WK_JSON_KIND_OBJECT &&
                t->members[i].kind != WK_JSON_KIND_LIST && pending < WK_JSON_LEVELS) {
                todo[pending++] = t->members[i].object;
            }
        }
    }
}

/* An object of table t, level k, ended: the members it did not have read
 * as absent (only those the one before had, or that were null, need it),
 * and its presence bits are those of its own members. */
static void object_done(wk_json_reader_t *r, const wk_json_object_t *t, uint32_t k)
{
    uint32_t *present = presence(r, t);
    uint32_t stale = *present & ~r->level[k].seen;
    const wk_json_member_t *m;
    while (stale != 0u) {
        m = &t->members[lowest_bit(stale)];
        stale &= stale - 1u;
        if (m->kind == WK_JSON_KIND_OBJECT) {
            reset_all(r, m->object);
        } else {
            reset_member(r, m);
        }
    }
    *present = r->level[k].seen;
}

/* Decoded bytes of the current string, n of them from the input byte at
 * (step 1: one input byte each; step 0: all from the escape ending at at). */
WK_HOT void put(wk_json_reader_t *r, const void *bytes, size_t n, const uint8_t *at, size_t step)
{
    size_t room = (r->out == OUT_TEXT) ? (size_t)(r->text_end - r->text) : 0u;
    if (r->out == OUT_TEXT && n <= room) {
        memcpy(r->text, bytes, n);
        r->text += n;
    } else if (r->out == OUT_TEXT) {
        too_long(r, at + step * room); /* the first byte that does not fit */
    } else if (r->out == OUT_NAME) {
        room = (r->name_len < WK_JSON_NAME_MAX) ? WK_JSON_NAME_MAX - r->name_len : 0u;
        memcpy(&r->name[WK_JSON_NAME_MAX - room], bytes, (n < room) ? n : room);
        r->name_len += n; /* a longer name is simply unknown */
    } else if (r->out == OUT_HOOK && n > 0u) {
        tell(r, WK_JSON_TEXT, r->member, bytes, n);
    } else {
        /* not kept */
    }
}

/* Where the bytes of a string for member m go (dst: its wk_str_t): its own
 * buffer, or the document's storage. *end: its last byte may go just before
 * it (the NUL at it). NULL when not even the NUL fits. */
WK_HOT char *text_room(const wk_json_reader_t *r, const wk_json_member_t *m, wk_str_t *dst,
                       char **end)
{
    char *text = (char *)(dst + 1);
    *end = text + m->limit;
    if (!own_buffer(m)) {
        text = (r->strings_next != r->strings_end) ? r->strings_next : NULL;
        *end = (text != NULL) ? r->strings_end - 1 : NULL;
    }
    return text;
}

/* The n bytes of a string for member m are at text: it has its value. */
WK_HOT void text_stored(wk_json_reader_t *r, const wk_json_member_t *m, wk_str_t *dst, char *text,
                        size_t n)
{
    text[n] = '\0';
    dst->ptr = text;
    dst->len = n;
    r->strings_next = own_buffer(m) ? r->strings_next : text + n + 1;
}

/* A string for member m begins at at; dst: its wk_str_t. */
WK_HOT void begin_text(wk_json_reader_t *r, const wk_json_member_t *m, wk_str_t *dst,
                       const uint8_t *at)
{
    r->member = m;
    r->text_dst = dst;
    r->out = OUT_TEXT;
    if ((m->flags & WK_JSON_TO_HOOK) != 0u) {
        r->out = OUT_HOOK;
        tell(r, WK_JSON_TEXT_BEGIN, m, NULL, 0u);
    } else if ((r->text = text_room(r, m, dst, &r->text_end)) == NULL) {
        too_long(r, at); /* not even its NUL fits */
    } else {
        dst->ptr = r->text;
    }
}

WK_HOT void name_found(wk_json_reader_t *r, uint32_t i, const char *name, size_t len);
static uint32_t find_member(const wk_json_reader_t *r, const char *name, size_t len);

/* A string's closing quote is at q; [run, q) are its last plain bytes. */
WK_HOT void string_done(wk_json_reader_t *r, const uint8_t *run, const uint8_t *q)
{
    put(r, run, (size_t)(q - run), run, 1u);
    if (r->key) {
        if (r->out == OUT_NAME) {
            /* a name read in parts or with escapes: looked up once decoded */
            name_found(r, find_member(r, r->name, r->name_len), r->name, r->name_len);
        }
        r->state = ST_COLON;
    } else {
        if (r->out == OUT_TEXT && r->failed == WK_OK) {
            text_stored(r, r->member, r->text_dst, (char *)r->text_dst->ptr,
                        (size_t)(r->text - r->text_dst->ptr));
        } else if (r->out == OUT_HOOK && r->failed == WK_OK) {
            tell(r, WK_JSON_TEXT_END, r->member, NULL, 0u);
        } else {
            /* nothing kept */
        }
        value_done(r);
    }
    r->key = false;
    r->out = OUT_NONE;
}

/* ---- Member names -------------------------------------------------------------- */

#if WK_JSON_SHORTCUTS
/* memcmp(a, b, n) == 0 for short n, four bytes at a time: the last four
 * overlap the ones before, so nothing outside [0, n) is read. */
WK_HOT bool same_bytes(const char *a, const char *b, size_t n)
{
    size_t x;
    size_t y;
    uint32_t u;
    uint32_t w;
    size_t i;
    bool same = true;
    for (i = 0u; same && i + sizeof(x) < n; i += sizeof(x)) {
        memcpy(&x, a + i, sizeof(x));
        memcpy(&y, b + i, sizeof(x));
        same = x == y;
    }
    if (n >= sizeof(x)) {
        memcpy(&x, a + n - sizeof(x), sizeof(x));
        memcpy(&y, b + n - sizeof(x), sizeof(x));
        same = same && x == y;
    } else if (n >= 4u) {
        memcpy(&u, a, 4u);
        memcpy(&w, b, 4u);
        same = u == w;
        memcpy(&u, a + n - 4u, 4u);
        memcpy(&w, b + n - 4u, 4u);
        same = same && u == w;
    } else {
        same = n == 0u || (a[0] == b[0] && (n < 2u || a[1] == b[1]) && (n < 3u || a[2] == b[2]));
    }
    return same;
}

#endif

WK_HOT bool is_member(const wk_json_member_t *m, const char *name, size_t len)
{
#if WK_JSON_SHORTCUTS
    return m->name_len == len && (same_bytes(m->name, name, len) ||
#else
    return m->name_len == len && (memcmp(m->name, name, len) == 0 ||
#endif
                                  ((m->flags & WK_JSON_ANY_CASE) != 0u && wk_ieq(name, len, m->name)));
}

/* The row of r->table named name[0..len), or its count (none). Members
 * usually come in the table's order: the search starts at the row after the
 * last one found. */
static uint32_t find_member(const wk_json_reader_t *r, const char *name, size_t len)
{
    const wk_json_object_t *t = r->table;
    uint32_t i = r->level[r->levels - 1u].index;
    uint32_t n;
    for (n = 0u; n < t->count; n++, i++) {
        i = (i < t->count) ? i : 0u;
        if (is_member(&t->members[i], name, len)) {
            return i;
        }
    }
    return t->count;
}

/* The member now read is row i of r->table (its count: none), named
 * name[0..len) (decoded); an unknown name is kept (its first bytes) for a
 * diagnostic. An object's level keeps in its index the row after the last
 * member found, so while its member is known, the member's row is index - 1. */
WK_HOT void name_found(wk_json_reader_t *r, uint32_t i, const char *name, size_t len)
{
    uint32_t k = r->levels - 1u;
    bool known = i < r->table->count;
    r->level[k].member = known ? &r->table->members[i] : NULL;
    r->name_len = len;
    r->named = true;
    if (known) {
        r->level[k].index = i + 1u;
    } else if (name != r->name) {
        memcpy(r->name, name, (len < WK_JSON_NAME_MAX) ? len : WK_JSON_NAME_MAX);
    } else {
        /* decoded into r->name already */
    }
}

/* ---- Containers ---------------------------------------------------------------- */

/* What the tables say about the values in the innermost container. */
WK_HOT void set_context(wk_json_reader_t *r)
{
    uint32_t k = r->levels;
    uint32_t j = k; /* the level whose table applies */
    uint8_t cx = CX_NONE;
    if (r->doc == NULL || r->depth != k) {
        /* no table here */
    } else if (k == 0u) {
        cx = CX_DOCUMENT;
    } else if (r->top_object) {
        cx = CX_MEMBER;
        j = k - 1u;
    } else {
        /* for an entry of a list, the table the list is a member of */
        cx = (r->level[k - 1u].member->kind == WK_JSON_KIND_LIST) ? CX_STRING_ENTRY
                                                                 : CX_OBJECT_ENTRY;
        j = k - 2u;
    }
    if (cx != CX_NONE) {
        r->table = table_of(r, j);
    }
    r->context = cx;
}

/* A container opens at at; with a table (keep), one more level, holding m
 * (the list's member, or for an object the member that holds it). */
static void push(wk_json_reader_t *r, const uint8_t *at, bool keep, const wk_json_member_t *m)
{
    uint32_t i = r->depth;
    bool object = *at == '{';
    const wk_json_object_t *t;
    if (i >= CONFIG_WK_JSON_MAX_DEPTH) {
        fail(r, at, W_DEEP);
        return;
    }
    r->nesting[i / 8u] = (uint8_t)(object ? r->nesting[i / 8u] | (1u << (i % 8u))
                                          : r->nesting[i / 8u] & ~(1u << (i % 8u)));
    r->depth++;
    r->top_object = object;
    r->state = object ? ST_KEY_OR_CLOSE : ST_VALUE_OR_CLOSE;
    if (keep) {
        r->level[r->levels].member = object ? NULL : m;
        r->level[r->levels].index = 0u;
        r->level[r->levels].seen = 0u;
        r->levels++;
        set_context(r);
    } else {
        r->context = CX_NONE; /* deeper than the tables */
    }
    if (keep && object) {
        t = r->table;
        r->named = false;
        if ((t->flags & WK_JSON_OWN_STRINGS) != 0u) {
            r->strings_next = (char *)at_offset(r, r->doc->strings);
        }
        tell(r, WK_JSON_OBJECT_BEGIN, m, NULL, 0u);
    }
}

static void close_container(wk_json_reader_t *r, const uint8_t *at)
{
    uint32_t k = r->levels - 1u;
    if (r->depth == 0u || r->top_object != (*at == '}')) {
        fail(r, at, W_SYNTAX);
        return;
    }
    if (r->context == CX_MEMBER) {
        object_done(r, r->table, k);
        tell(r, WK_JSON_OBJECT_END, (k == 0u) ? NULL : r->level[k - 1u].member, NULL, 0u);
    }
    r->levels = (uint8_t)(r->levels - ((r->context != CX_NONE) ? 1u : 0u));
    r->depth--;
    r->top_object = r->depth > 0u && level_is_object(r, r->depth - 1u);
    set_context(r); /* (still below the tables: none, as before) */
    value_done(r);
}

/* ---- Values -------------------------------------------------------------------- */

/* The value of kind starting at at is the document, member m of r->table
 * (context CX_MEMBER) or an entry of list m: stores it, or prepares to.
 * Returns true when it has a table (else it is only checked). */
OWN_FRAME WK_HOT bool table_value(wk_json_reader_t *r, const uint8_t *at, int kind,
                                  const wk_json_member_t *m)
{
    const wk_json_object_t *t = r->table;
    int want = WK_JSON_KIND_OBJECT;
    char *dst = NULL; /* (rows of objects hold a table, not an offset) */
    size_t *count = NULL;
    uint32_t none = 0u;
    uint32_t *seen = &none;
    uint32_t bit = 0u; /* the member's presence bit (none outside an object) */
    bool keep;

    if (r->context == CX_MEMBER) {
        want = (m->kind == WK_JSON_KIND_ARRAY) ? WK_JSON_KIND_LIST : m->kind;
        dst = (want < WK_JSON_KIND_OBJECT) ? (char *)at_offset(r, m->offset) : NULL;
        seen = &r->level[r->levels - 1u].seen;
        bit = 1u << (r->level[r->levels - 1u].index - 1u);
    } else if (r->context == CX_STRING_ENTRY) {
        want = WK_JSON_KIND_STRING;
        dst = (char *)at_offset(r, m->offset);
        count = (size_t *)(void *)((wk_str_t *)(void *)dst + m->limit);
        dst = (char *)((wk_str_t *)(void *)dst + *count);
    } else {
        /* the document, or an entry of a list of objects */
    }
    /* A table nested deeper than WK_JSON_LEVELS is not followed. */
    keep = kind == want && (kind < WK_JSON_KIND_OBJECT || r->levels < WK_JSON_LEVELS);
    if (keep && count != NULL && *count >= m->limit) {
        fail_limit(r, W_MANY, offset_of(r, at), m->limit, m->name + m->name_len + 1);
    } else if (keep) {
        *seen |= bit;
        if (count != NULL) {
            (*count)++;
        }
        if (kind == WK_JSON_KIND_STRING) {
            begin_text(r, m, (wk_str_t *)(void *)dst, at);
        } else if (kind == WK_JSON_KIND_BOOL) {
            *(bool *)(void *)dst = *at == 't';
        } else if (kind == WK_JSON_KIND_INT32) {
            r->int_dst = (int32_t *)(void *)dst;
            r->value_offset = offset_of(r, at);
        } else if (kind == WK_JSON_KIND_LIST) {
            reset_member(r, m); /* a list of strings starts empty */
        } else {
            /* objects are set up once pushed */
        }
    } else if (kind == KIND_NULL && bit != 0u) {
        /* a null member is absent: object_done() resets it */
        *seen &= ~bit;
        *presence(r, t) |= bit;
    } else if (kind != want && (t->flags & WK_JSON_LENIENT) == 0u) {
        fail(r, at, W_TYPE | (unsigned)want << 4); /* "not <want>" */
    } else {
        /* skipped */
    }
    return keep;
}

/* ---- Strings ----------------------------------------------------------------- */

static inline bool is_plain(uint8_t b)
{
    return b >= 0x20u && b < 0x80u && b != '"' && b != '\\';
}

#if WK_JSON_SHORTCUTS
/* The top bit of each byte of one word at s that is not plain string text
 * ('"', '\\', a control character or non-ASCII), by the usual word tricks:
 * subtracting 0x20 from each byte, or 1 from each byte XORed with '"' or
 * '\\', sets the top bit of such a byte; a borrow, which may mark a later
 * neighbour too, only ever starts at one, so the first marked byte is exact. */
static inline size_t special_bytes(const uint8_t *s)
{
    const size_t ones = (size_t)-1 / 255u;
    size_t w;
    memcpy(&w, s, sizeof(w));
    return (w | (w - 0x20u * ones) | ((w ^ ('"' * ones)) - ones) | ((w ^ ('\\' * ones)) - ones)) &
           (0x80u * ones);
}

/* The first byte from s on that is not plain string text, or end: ASCII a
 * word at a time, and whole valid UTF-8 sequences, are plain. */
WK_HOT const uint8_t *plain_run(const uint8_t *s, const uint8_t *end)
{
    size_t marks;
    size_t n;
    for (;;) {
        marks = 0u;
        while (marks == 0u && (size_t)(end - s) >= sizeof(size_t)) {
            marks = special_bytes(s);
            s = (marks == 0u) ? s + sizeof(size_t) : s;
        }
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* the first marked byte is the one */
        s += (marks != 0u) ? (size_t)__builtin_ctzll(marks) / 8u : 0u;
        marks = (marks != 0u) ? 1u : 0u;
#else
        marks = 0u;
#endif
        while (marks == 0u && s != end && is_plain(*s)) {
            s++;
        }
        if (s == end || *s < 0xC2u || (n = wk_utf8_whole(s, end)) == 0u) {
            return s;
        }
        s += n;
    }
}

#else
/* The first byte from s on that is not plain ASCII string text, or end (a
 * UTF-8 sequence is then read a byte at a time, by read_string_rest()). */
WK_HOT const uint8_t *plain_run(const uint8_t *s, const uint8_t *end)
{
    while (s != end && is_plain(*s)) {
        s++;
    }
    return s;
}
#endif

/* One byte of an escape at at: "\x", "\uXXXX", or the "\uXXXX" after a high
 * surrogate; a complete one is decoded. */
static void escape_byte(wk_json_reader_t *r, const uint8_t *at)
{
    static const char from[] = "\"\\/bfnrtu";
    static const char to[] = "\"\\/\b\f\n\r\t";
    const char *hit = (*at != 0u) ? memchr(from, *at, sizeof(from) - 1u) : NULL;
    int d = wk_hex_digit_value(*at);
    unsigned bad = 0u;
    char utf8[4];
    uint32_t cp;
    size_t n = 0u;
    size_t i;
    if (r->str == STR_ESCAPE) {
        bad = (hit == NULL) ? W_ESCAPE : 0u;
        r->str = (hit != NULL && *hit == 'u') ? STR_HEX : STR_PLAIN;
        n = (hit != NULL && *hit != 'u') ? 1u : 0u;
        utf8[0] = (n != 0u) ? to[hit - from] : '\0';
    } else if (r->str != STR_HEX) {
        /* after a high surrogate, "\u" must follow */
        bad = (*at != ((r->str == STR_LOW_BACKSLASH) ? '\\' : 'u')) ? W_SURROGATE : 0u;
        r->str++;
    } else if (d < 0) {
        bad = W_ESCAPE;
    } else if (++r->hex_digits == 4u) {
        /* four digits: a code point, or half of one */
        cp = (r->hex << 4) | (uint32_t)d;
        r->hex = 0u;
        r->hex_digits = 0u;
        r->str = (cp >= 0xD800u && cp <= 0xDBFFu && r->high == 0u) ? STR_LOW_BACKSLASH : STR_PLAIN;
        if ((r->high != 0u) != (cp >= 0xDC00u && cp <= 0xDFFFu)) {
            bad = W_SURROGATE;
        } else if (r->str == STR_LOW_BACKSLASH) {
            r->high = cp;
        } else {
            cp = (r->high != 0u) ? 0x10000u + ((r->high - 0xD800u) << 10) + (cp - 0xDC00u) : cp;
            r->high = 0u;
            n = (cp < 0x80u) ? 1u : ((cp < 0x800u) ? 2u : ((cp < 0x10000u) ? 3u : 4u));
            for (i = n - 1u; i > 0u; i--) {
                utf8[i] = (char)(0x80u | (cp & 0x3Fu));
                cp >>= 6;
            }
            utf8[0] = (char)((n == 1u) ? cp : (((0xF00u >> n) & 0xF0u) | cp));
        }
    } else {
        r->hex = (r->hex << 4) | (uint32_t)d;
    }
    if (bad != 0u) {
        fail(r, at, bad);
    } else {
        put(r, utf8, n, at, 0u);
    }
}

/* read_string() past the plain bytes [run, s): escapes, UTF-8, failures and
 * the end of the piece, a byte at a time where it must. */
WK_NOINLINE static const uint8_t *read_string_rest(wk_json_reader_t *r, const uint8_t *run,
                                                   const uint8_t *s, const uint8_t *end)
{
    uint8_t b;
    while (r->failed == WK_OK && s != end) {
        s = (r->str == STR_PLAIN) ? plain_run(s, end) : s;
        b = (s != end) ? *s : 0u;
        if (s == end) {
            /* more to come */
        } else if (r->str == STR_PLAIN && b == '"') {
            string_done(r, run, s);
            return s + 1;
        } else if (r->str == STR_PLAIN && b == '\\') {
            put(r, run, (size_t)(s - run), run, 1u);
            r->str = STR_ESCAPE;
            run = ++s;
        } else if (r->str == STR_PLAIN &&
                   (r->utf8_need = (uint8_t)wk_utf8_lead(b, &r->utf8_lo, &r->utf8_hi)) != 0u) {
            /* a UTF-8 sequence the piece cuts, or a bad one: a byte at a
             * time (it stays in the run) */
            r->str = STR_UTF8;
            s++;
        } else if (r->str == STR_UTF8 && b >= r->utf8_lo && b <= r->utf8_hi) {
            r->utf8_lo = 0x80u;
            r->utf8_hi = 0xBFu;
            r->str = (--r->utf8_need == 0u) ? STR_PLAIN : STR_UTF8;
            s++;
        } else if (r->str <= STR_UTF8) {
            /* what came before counts first (it may not fit) */
            put(r, run, (size_t)(s - run), run, 1u);
            fail(r, s, (b < 0x20u && r->str == STR_PLAIN) ? W_CONTROL : W_UTF8);
        } else {
            escape_byte(r, s);
            run = ++s;
        }
    }
    if (r->failed == WK_OK) {
        put(r, run, (size_t)(s - run), run, 1u);
    }
    return s;
}

/* String bytes from s, [run, s) already known plain: to the closing quote
 * (read), the end of the piece or a failure. Plain runs and whole UTF-8
 * sequences are handed on as they are, escapes decoded. Most strings are
 * one plain run: read here (speed builds), else by the same steps in
 * read_string_rest(). */
#if WK_JSON_SHORTCUTS
WK_HOT const uint8_t *read_string(wk_json_reader_t *r, const uint8_t *run, const uint8_t *s,
                                  const uint8_t *end)
{
    s = (r->str == STR_PLAIN) ? plain_run(s, end) : s;
    if (s != end && *s == '"' && r->str == STR_PLAIN) {
        string_done(r, run, s);
        return s + 1;
    }
    return read_string_rest(r, run, s, end);
}
#else
#define read_string read_string_rest
#endif

/* ---- Numbers and literals ------------------------------------------------------ */

/* v with one more decimal digit c (above the int32 range it stays there:
 * past 214748364 one more digit cannot fit). */
OWN_FRAME WK_HOT uint32_t add_digit(uint32_t v, unsigned c)
{
    return (v < 214748365u) ? v * 10u + c : 2147483649u;
}

#if WK_JSON_SHORTCUTS
/* Decimal digits from s: their value goes into *v. */
WK_HOT const uint8_t *digits(const uint8_t *s, const uint8_t *end, uint32_t *v)
{
    unsigned c;
    while (s != end && (c = (unsigned)(*s - '0')) < 10u) {
        *v = add_digit(*v, c);
        s++;
    }
    return s;
}
#endif

/* Number bytes from s; an int32 member takes the number when it ends. */
static const uint8_t *read_number(wk_json_reader_t *r, const uint8_t *s, const uint8_t *end)
{
    uint8_t n = r->num;
    uint8_t next = n;
    uint32_t v = r->number;
    unsigned c;
    unsigned digit;
    while (s != end && next < NUM_END) {
#if WK_JSON_SHORTCUTS
        if (n == NUM_INT || n == NUM_FRAC || n == NUM_EXP_DIGITS) {
            /* runs of digits at once (past the integer part the value is not used) */
            s = digits(s, end, &v);
            if (s == end) {
                break;
            }
        }
#endif
        digit = (unsigned)(*s - '0');
        c = ((unsigned)(*s - '+') < sizeof(k_number_class)) ? k_number_class[*s - '+']
            : ((*s | 0x20u) == 'e') ? 3u : 5u;
        next = k_number[n][c];
        /* the integer part's value (after '-', v is 0) */
        v = (next == NUM_INT) ? add_digit(v, digit) : v;
        n = (next < NUM_END) ? next : n;
        s += (next < NUM_END) ? 1 : 0;
    }
    r->num = n;
    r->number = v;
    if (next == NUM_BAD) {
        fail(r, s, W_NUMBER);
    } else if (next != NUM_END) {
        /* more to come */
    } else if (r->int_dst != NULL && (n > NUM_INT || v > 2147483647u + r->negative)) {
        fail_at(r, r->value_offset, (n > NUM_INT) ? W_FRACTION : W_RANGE);
    } else {
        if (r->int_dst != NULL) {
            *r->int_dst = r->negative ? (int32_t)(0u - v) : (int32_t)v;
        }
        value_done(r);
    }
    return s;
}

#if WK_JSON_SHORTCUTS
/* The literal that begins at at ('t', 'f' or 'n'): the byte after it when
 * it is all here, else NULL. */
WK_HOT const uint8_t *whole_literal(const uint8_t *at, const uint8_t *end)
{
    const char *lit = &k_literals[(*at == 't') ? 0 : ((*at == 'f') ? 5 : 11)];
    size_t n = (*at == 'f') ? 5u : 4u;
    uint32_t got;
    uint32_t want;
    if ((size_t)(end - at) < n) {
        return NULL;
    }
    memcpy(&got, at, 4u);
    memcpy(&want, lit, 4u);
    return (got == want && at[n - 1u] == (uint8_t)lit[n - 1u]) ? at + n : NULL;
}

#endif

static const uint8_t *read_literal(wk_json_reader_t *r, const uint8_t *s, const uint8_t *end)
{
    const char *lit = k_literals;
    unsigned pos = r->literal;
#if WK_JSON_SHORTCUTS
    /* (just begun: the byte before pos starts a literal) */
    const uint8_t *q = (pos == 1u || lit[pos - 2u] == '\0') ? whole_literal(s - 1, end) : NULL;
    if (q != NULL) {
        /* usually it is all here: compared at once */
        pos += (unsigned)(q - s);
        s = q;
    }
#endif
    while (s != end && lit[pos] != '\0' && (uint8_t)lit[pos] == *s) {
        pos++;
        s++;
    }
    r->literal = (uint8_t)pos;
    if (lit[pos] == '\0') {
        value_done(r);
    } else if (s != end) {
        fail(r, s, W_SYNTAX);
    } else {
        /* more to come */
    }
    return s;
}

/* ---- The reading loop ---------------------------------------------------------- */

/* A value starts at at: its table applies, and the reader is set to read
 * its first token. Returns where reading goes on. */
OWN_FRAME static const uint8_t *begin_value(wk_json_reader_t *r, const uint8_t *at)
{
    uint8_t b = *at;
    int kind = (b == '"')                             ? WK_JSON_KIND_STRING
               : (b == '-' || (b >= '0' && b <= '9')) ? WK_JSON_KIND_INT32
               : (b == 't' || b == 'f')               ? WK_JSON_KIND_BOOL
               : (b == 'n')                           ? KIND_NULL
               : (b == '{')                           ? WK_JSON_KIND_OBJECT
               : (b == '[')                           ? WK_JSON_KIND_LIST
                                                      : KIND_BAD;
    const wk_json_member_t *m = NULL;
    const uint8_t *s = at + 1;
    bool keep = false;

    r->out = OUT_NONE;
    r->int_dst = NULL;
    if (kind == KIND_BAD) {
        fail(r, at, W_SYNTAX);
    } else if (r->context != CX_NONE) {
        m = (r->context == CX_DOCUMENT) ? NULL : r->level[r->levels - 1u].member;
        keep = (m != NULL || r->context == CX_DOCUMENT) && table_value(r, at, kind, m);
    } else {
        /* only checked */
    }
    if (r->failed != WK_OK || kind == KIND_BAD) {
        /* stop */
    } else if (kind == WK_JSON_KIND_STRING) {
        r->state = ST_STRING;
        r->str = STR_PLAIN;
    } else if (kind == WK_JSON_KIND_INT32) {
        r->state = ST_NUMBER;
        r->num = NUM_START;
        r->negative = b == '-';
        r->number = 0u;
        s = at; /* its first byte too */
    } else if (kind == WK_JSON_KIND_OBJECT || kind == WK_JSON_KIND_LIST) {
        push(r, at, keep, m);
    } else {
        r->state = ST_LITERAL;
        r->literal = (b == 't') ? 1u : ((b == 'f') ? 6u : 12u); /* past its first byte */
    }
    return s;
}

#if WK_JSON_SHORTCUTS
/* The name at s (after its quote) of a member of r->table, when it is all
 * here and plain: the byte after its closing quote, else NULL (it is then
 * decoded and looked up). Rows are compared in place from the one after the
 * last found: row names are printable ASCII without '"' and '\\', so bytes
 * that equal one, followed by '"', are that name, unescaped, and the row is
 * the one the decoded name would find. */
WK_HOT const uint8_t *plain_name(wk_json_reader_t *r, const uint8_t *s, const uint8_t *end)
{
    const wk_json_object_t *t = r->table;
    uint32_t k = r->levels - 1u;
    uint32_t i = r->level[k].index;
    const wk_json_member_t *m = t->members + i;
    size_t avail = (size_t)(end - s);
    uint32_t n;
    const uint8_t *q;
    for (n = t->count; n > 0u; n--, i++, m++) {
        if (i == t->count) {
            i = 0u;
            m = t->members;
        }
        if (m->name_len < avail && s[m->name_len] == '"' &&
            is_member(m, (const char *)s, m->name_len)) {
            r->level[k].member = m;
            r->level[k].index = i + 1u;
            r->name_len = m->name_len;
            r->named = true;
            return s + m->name_len + 1u;
        }
    }
    q = plain_run(s, end);
    if (q == end || *q != '"') {
        return NULL;
    }
    name_found(r, t->count, (const char *)s, (size_t)(q - s)); /* no row has it */
    return q + 1;
}

#endif

/* A member name from s (after its quote): a table's row found in place
 * (speed builds), or set to be read as a string and looked up once
 * decoded. */
static const uint8_t *begin_name(wk_json_reader_t *r, const uint8_t *s, const uint8_t *end)
{
#if WK_JSON_SHORTCUTS
    const uint8_t *q = (r->context == CX_MEMBER) ? plain_name(r, s, end) : NULL;
    if (q != NULL) {
        r->state = ST_COLON;
        return q;
    }
#else
    (void)end;
#endif
    r->state = ST_STRING;
    r->str = STR_PLAIN;
    r->key = true;
    r->out = OUT_NONE;
    if (r->context == CX_MEMBER) {
        r->out = OUT_NAME;
        r->name_len = 0u;
        r->named = true;
    }
    return s;
}

WK_HOT const uint8_t *skip_space(const uint8_t *s, const uint8_t *end)
{
    while (s != end && *s <= ' ' && is_space(*s)) {
        s++;
    }
    return s;
}

#if WK_JSON_SHORTCUTS
/* ---- Shortcuts (speed builds) ---------------------------------------------------
 * Straight loops for the common shapes. They only take what the reading
 * loop would read the same way, and stop on a token boundary, so leaving
 * them out (WK_JSON_SHORTCUTS 0, the default with -Os) changes no result,
 * only the instructions per byte. */

/* memcpy(dst, src, n) for the short texts of most members: a word at a
 * time, the last word overlapping the one before, nothing outside [0, n). */
WK_HOT void copy_short(char *dst, const uint8_t *src, size_t n)
{
    uint64_t w;
    uint32_t h;
    size_t i;
    if (n >= 8u) {
        for (i = 0u; i + 8u < n; i += 8u) {
            memcpy(&w, src + i, 8u);
            memcpy(dst + i, &w, 8u);
        }
        memcpy(&w, src + n - 8u, 8u);
        memcpy(dst + n - 8u, &w, 8u);
    } else if (n >= 4u) {
        memcpy(&h, src, 4u);
        memcpy(dst, &h, 4u);
        memcpy(&h, src + n - 4u, 4u);
        memcpy(dst + n - 4u, &h, 4u);
    } else {
        for (i = 0u; i < n; i++) {
            dst[i] = (char)src[i];
        }
    }
}

/* The usual value of member m at s, all here: a plain string that fits, a
 * literal, or an unsigned integer within int32 (what may follow it is for
 * the loop to judge). Stored at once: returns the byte after it. NULL for
 * anything else, left to begin_value(). */
WK_HOT const uint8_t *member_value(wk_json_reader_t *r, const wk_json_member_t *m,
                                   const uint8_t *s, const uint8_t *end)
{
    /* (each branch is a kind whose row holds an offset) */
    const uint8_t *q = NULL;
    wk_str_t *str;
    char *text;
    char *text_end;
    uint32_t v = 0u;
    if (m->kind == WK_JSON_KIND_STRING && *s == '"' && (m->flags & WK_JSON_TO_HOOK) == 0u) {
        q = plain_run(s + 1, end);
        str = (wk_str_t *)at_offset(r, m->offset);
        text = text_room(r, m, str, &text_end);
        if (q != end && *q == '"' && text != NULL && (size_t)(q - s - 1) <= (size_t)(text_end - text)) {
            copy_short(text, s + 1, (size_t)(q - s - 1));
            text_stored(r, m, str, text, (size_t)(q - s - 1));
            q++;
        } else {
            q = NULL;
        }
    } else if (m->kind == WK_JSON_KIND_BOOL && (*s == 't' || *s == 'f')) {
        q = whole_literal(s, end);
        if (q != NULL) {
            *(bool *)at_offset(r, m->offset) = *s == 't';
        }
    } else if (m->kind == WK_JSON_KIND_INT32 && *s >= '0' && *s <= '9') {
        q = digits(s, end, &v);
        /* (a leading zero only alone: "01" is for the loop to refuse) */
        if (q != end && *q != '.' && (*q | 0x20u) != 'e' && v <= 2147483647u &&
            (*s != '0' || q == s + 1)) {
            *(int32_t *)at_offset(r, m->offset) = (int32_t)v;
        } else {
            q = NULL;
        }
    } else {
        /* not the usual case */
    }
    return q;
}

/* The usual course of the members of an object with a table, from the '"'
 * of a name at s: while a member is all in this piece, its name plain
 * (plain_name()), ':' and ',' each followed by at most one space, and its
 * value the usual kind (member_value()), it is read here, straight through.
 * At anything else this stops at the token boundary reached, in the state
 * from which the loop reads on (and judges what stopped this). */
static const uint8_t *read_members(wk_json_reader_t *r, const uint8_t *s, const uint8_t *end)
{
    uint32_t k = r->levels - 1u;
    const wk_json_member_t *m;
    const uint8_t *q;
    uint32_t seen = 0u;
    uint8_t state = ST_KEY;
    while (state == ST_KEY && s != end && *s == '"') {
        if ((q = plain_name(r, s + 1, end)) == NULL) {
            r->level[k].seen |= seen;
            return begin_name(r, s + 1, end); /* escaped, or not all here */
        }
        s = q;
        state = ST_COLON;
        if (s == end || *s != ':') {
            break;
        }
        s++;
        s += (s != end && *s == ' ') ? 1 : 0;
        state = ST_VALUE;
        m = r->level[k].member;
        if (s == end || m == NULL || (q = member_value(r, m, s, end)) == NULL) {
            break;
        }
        seen |= 1u << (r->level[k].index - 1u);
        s = q;
        state = ST_AFTER;
        if (s != end && *s == ',') {
            s++;
            s += (s != end && *s == ' ') ? 1 : 0;
            state = ST_KEY;
        }
    }
    r->level[k].seen |= seen;
    r->state = state;
    return s;
}

/* The number at s, all here and followed by a byte that is not part of
 * it: that byte, else NULL (cut by the piece, or malformed: left to
 * read_number()). */
WK_HOT const uint8_t *whole_number(const uint8_t *s, const uint8_t *end)
{
    uint32_t v = 0u;
    s += (*s == '-') ? 1 : 0;
    if (s != end && *s == '0') {
        s++;
    } else if (s != end && *s >= '1' && *s <= '9') {
        s = digits(s, end, &v);
    } else {
        return NULL;
    }
    if (s != end && *s == '.') {
        s++;
        if (s == end || *s < '0' || *s > '9') {
            return NULL;
        }
        s = digits(s, end, &v);
    }
    if (s != end && (*s | 0x20u) == 'e') {
        s++;
        s += (s != end && (*s == '+' || *s == '-')) ? 1 : 0;
        if (s == end || *s < '0' || *s > '9') {
            return NULL;
        }
        s = digits(s, end, &v);
    }
    return (s == end || (*s >= '0' && *s <= '9')) ? NULL : s; /* "01": malformed */
}

/* A value in content that no table describes (context CX_NONE), below the
 * top: a string without escapes, a literal or a number, all here, is only
 * checked, and the byte after it returned; else NULL (begin_value() reads
 * it, from its first byte). */
WK_HOT const uint8_t *plain_value(wk_json_reader_t *r, const uint8_t *s, const uint8_t *end)
{
    const uint8_t *q = NULL;
    if (*s == '"') {
        q = plain_run(s + 1, end);
        q = (q != end && *q == '"') ? q + 1 : NULL;
    } else if ((*s == '{' || *s == '[') && r->depth < CONFIG_WK_JSON_MAX_DEPTH) {
        push(r, s, false, NULL);
        return s + 1;
    } else if (*s == 't' || *s == 'f' || *s == 'n') {
        q = whole_literal(s, end);
    } else if (*s == '-' || (*s >= '0' && *s <= '9')) {
        q = whole_number(s, end);
    } else {
        /* a container, or a byte to diagnose */
    }
    r->state = (q != NULL) ? ST_AFTER : r->state;
    return q;
}
#endif /* WK_JSON_SHORTCUTS */

/* The reading loop: one token after another until the piece ends or the
 * reader fails. A string, number or literal, once begun (here or by the
 * last piece), is read on by its own function, from one place. Content that no table describes is read here a whole token at a time
 * (names and values without escapes, all in the piece); the members of an
 * object with a table run through read_members(). */
static const uint8_t *read_bytes(wk_json_reader_t *r, const uint8_t *s, const uint8_t *end)
{
    const uint8_t *q;
    uint8_t b;
    /* (whitespace only between tokens) */
    while (r->failed == WK_OK && (s = (r->state < ST_STRING) ? skip_space(s, end) : s) != end) {
        b = *s;
        q = s + 1;
        switch (r->state) {
        case ST_STRING:
            q = read_string(r, s, s, end);
            break;
        case ST_NUMBER:
            q = read_number(r, s, end);
            break;
        case ST_LITERAL:
            q = read_literal(r, s, end);
            break;
        case ST_KEY_OR_CLOSE:
            if (b == '}') {
                close_container(r, s);
                break;
            }
            /* fall through */
        case ST_KEY:
            if (b != '"') {
                fail(r, s, W_SYNTAX);
#if WK_JSON_SHORTCUTS
            } else if (r->context == CX_MEMBER) {
                q = read_members(r, s, end);
            } else if (r->context == CX_NONE && (q = plain_run(q, end)) != end && *q == '"') {
                q++;
                r->state = ST_COLON;
#endif
            } else {
                q = begin_name(r, s + 1, end);
            }
            break;
        case ST_COLON:
            if (b != ':') {
                fail(r, s, W_SYNTAX);
            } else {
                r->state = ST_VALUE;
            }
            break;
        case ST_VALUE_OR_CLOSE:
            if (b == ']') {
                close_container(r, s);
                break;
            }
            /* fall through */
        case ST_VALUE:
#if WK_JSON_SHORTCUTS
            q = (r->context == CX_NONE && r->depth > 0u) ? plain_value(r, s, end) : NULL;
            q = (q != NULL) ? q : begin_value(r, s);
#else
            q = begin_value(r, s);
#endif
            break;
        case ST_AFTER:
            if (b == ',') {
                r->state = r->top_object ? ST_KEY : ST_VALUE;
#if WK_JSON_SHORTCUTS
            } else if ((b == '}' || b == ']') && r->context == CX_NONE &&
                       r->depth > r->levels + 1u && r->top_object == (b == '}')) {
                /* below the tables still: what close_container() does there */
                r->depth--;
                r->top_object = level_is_object(r, r->depth - 1u);
#endif
            } else if (b == '}' || b == ']') {
                close_container(r, s);
            } else {
                fail(r, s, W_SYNTAX);
            }
            break;
        default:
            fail(r, s, W_TRAILING);
            break;
        }
        s = q;
    }
    return s;
}

/* ---- Public API ------------------------------------------------------------------ */

wk_status_t wk_json_reader_init(wk_json_reader_t *r, const wk_json_doc_t *doc, void *record)
{
    wk_status_t status = WK_ERR_ARG;
    if (r != NULL && (doc == NULL || record != NULL)) {
        memset(r, 0, sizeof(*r));
        r->doc = doc;
        r->record = record;
        r->state = ST_VALUE;
        r->failed = WK_OK;
        set_context(r);
        if (doc != NULL) {
            r->strings_next = (char *)record + doc->strings;
            r->strings_end = r->strings_next + doc->strings_size;
            reset_all(r, doc->root);
        }
        status = WK_OK;
    }
    return status;
}

wk_status_t wk_json_reader_feed(wk_json_reader_t *r, const uint8_t *data, size_t len,
                                wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_ARG;
    if (r == NULL || (len > 0u && data == NULL)) {
        /* WK_ERR_ARG */
    } else if (r->failed != WK_OK) {
        status = r->failed;
        wk_diag_clear(diag);
        wk_diag_fmt(diag, "already failed (%s)", wk_status_str(status));
    } else {
        r->chunk = data;
        r->diag = diag;
        if (len > 0u) {
            r->offset += (uint64_t)(read_bytes(r, data, data + len) - data);
        }
        status = (r->failed != WK_OK) ? r->failed : ((r->state == ST_DONE) ? WK_OK : WK_PARTIAL);
    }
    return status;
}

wk_status_t wk_json_reader_finish(wk_json_reader_t *r, wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_ARG;
    if (r != NULL) {
        if (r->state == ST_NUMBER && r->depth == 0u &&
            (r->num == NUM_ZERO || r->num == NUM_INT || r->num == NUM_FRAC ||
             r->num == NUM_EXP_DIGITS)) {
            r->state = ST_DONE; /* a top-level number ends with the input */
        }
        if (r->state != ST_DONE) {
            r->diag = diag;
            fail_at(r, r->offset, (r->offset == 0u) ? W_EMPTY : W_TRUNCATED);
        }
        status = r->failed;
    }
    return status;
}

wk_status_t wk_json_validate_init(wk_json_validator_t *v)
{
    return wk_json_reader_init(v, NULL, NULL);
}

wk_status_t wk_json_validate_feed(wk_json_validator_t *v, const uint8_t *data, size_t len,
                                  wk_diag_t *diag)
{
    return (v != NULL && v->doc == NULL) ? wk_json_reader_feed(v, data, len, diag) : WK_ERR_ARG;
}

wk_status_t wk_json_validate_finish(wk_json_validator_t *v, wk_diag_t *diag)
{
    return (v != NULL && v->doc == NULL) ? wk_json_reader_finish(v, diag) : WK_ERR_ARG;
}
