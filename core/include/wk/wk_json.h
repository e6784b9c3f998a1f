/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_json.h
 * @brief The streaming JSON reader: one pass, any split, tables for the members.
 *
 * One reader checks a JSON document (RFC 8259: grammar, literals, numbers,
 * escapes, surrogate pairs, UTF-8, control characters) as it arrives, in
 * pieces split anywhere, and stores the members a table names straight into
 * the caller's record while it reads. No recursion, no token array: the state
 * is a few bytes of position, a bit per open container (nesting limited to
 * CONFIG_WK_JSON_MAX_DEPTH) and one entry per container that has a table (at
 * most WK_JSON_LEVELS). Feeding the same bytes in any pieces gives the same
 * statuses, diagnostics and stored values.
 *
 * A document is described by tables: a wk_json_object_t lists the members an
 * object may have (name, kind, where the value goes, its limit); members
 * holding objects, or lists of objects, point to the table of those objects.
 * A member that no table names, and everything inside it, is checked and
 * skipped. The users page (wk_users.h), the service error body
 * (wk_service_error.h) and the whole-document validator (a reader without a
 * table, below) are all this reader. Reading a new document means writing its
 * tables, for example AWS IoT credentials:
 *
 * @code
 * typedef struct creds {
 *     uint32_t top, present; // presence bits of each table: bit i for row i
 *     wk_str_t access_key_id, secret_access_key, session_token, expiration;
 *     char strings[2048];
 * } creds_t;
 * static const wk_json_member_t k_cred_members[] = {
 *     WK_JSON_TEXT("accessKeyId", offsetof(creds_t, access_key_id)),
 *     WK_JSON_TEXT("secretAccessKey", offsetof(creds_t, secret_access_key)),
 *     WK_JSON_TEXT("sessionToken", offsetof(creds_t, session_token)),
 *     WK_JSON_TEXT("expiration", offsetof(creds_t, expiration)),
 * };
 * static const wk_json_object_t k_creds = WK_JSON_TABLE(k_cred_members, offsetof(creds_t, present), 0u, NULL);
 * static const wk_json_member_t k_top_members[] = {WK_JSON_NESTED("credentials", &k_creds)};
 * static const wk_json_object_t k_top = WK_JSON_TABLE(k_top_members, offsetof(creds_t, top), 0u, NULL);
 * static const wk_json_doc_t k_doc = {&k_top, offsetof(creds_t, strings), sizeof(((creds_t *)0)->strings),
 *                                     "credential strings"};
 * @endcode
 *
 * Rules the tables give every document:
 * - A member may come in any order, or not at all; a repeated member's last
 *   value wins. A null value counts as absent.
 * - A value of the wrong JSON type fails with WK_ERR_JSON_TYPE naming the
 *   member, unless its table is WK_JSON_LENIENT (then it is skipped).
 * - Nothing is cut: a string longer than its room fails with
 *   WK_ERR_JSON_FIELD_TOO_LONG, a list with more entries than its room with
 *   WK_ERR_JSON_TOO_MANY_ITEMS, an integer that is not an int32 with
 *   WK_ERR_JSON_NUMBER. Diagnostics name the list entry ("users[11]"), the
 *   member and the byte offset, never a value.
 * - After a failure (or a hook's stop) the reader is stuck: every later call
 *   returns the same status until it is set up again.
 */
#ifndef WK_JSON_H
#define WK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wk/wk_config_defaults.h"
#include "wk/wk_diag.h"
#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A decoded string. @c ptr is NUL-terminated for convenience, but the value may
 * itself contain NUL (from \\u0000), so use @c len. It points into the record's
 * string storage: how long it stays valid is said by whoever fills it.
 */
typedef struct wk_str {
    /** the bytes; never NULL ("" for an absent member) */
    const char *ptr;
    /** bytes at @c ptr, not counting the terminating NUL */
    size_t len;
} wk_str_t;

/** Longest member name a table may list; a longer name in a document is simply unknown. */
#define WK_JSON_NAME_MAX 20
/** Containers with a table that may be open at once (top object, a list, an object in it, a list in that). */
#define WK_JSON_LEVELS 4

/** What a member holds, and where the reader puts it (offsets are into the record). */
typedef enum wk_json_kind {
    /** a string: a wk_str_t at the offset, its bytes in the document's string
     *  storage (limit 0) or, with a limit, in a char[limit + 1] that follows
     *  the wk_str_t in the record */
    WK_JSON_KIND_STRING = 0,
    /** true or false: a bool at the offset */
    WK_JSON_KIND_BOOL,
    /** an integer within int32 (no fraction, no exponent): an int32_t at the offset */
    WK_JSON_KIND_INT32,
    /** an object read with the member's table (same record) */
    WK_JSON_KIND_OBJECT,
    /** a list of strings: a wk_str_t[limit] at the offset, followed by its
     *  size_t count, the strings in the document's string storage */
    WK_JSON_KIND_LIST,
    /** a list of objects, each read with the member's table, one at a time */
    WK_JSON_KIND_ARRAY
} wk_json_kind_t;

/** Member flag: the name matches in any ASCII letter case. */
#define WK_JSON_ANY_CASE 1u
/** Member flag (strings): the decoded bytes go to the table's hook, not the record. */
#define WK_JSON_TO_HOOK 2u

/** Table flag: a value of the wrong type is skipped instead of failing the document. */
#define WK_JSON_LENIENT 1u
/** Table flag: each object of this table starts the string storage afresh
 *  (its strings are valid until the next such object begins). */
#define WK_JSON_OWN_STRINGS 2u

struct wk_json_object;

/** One member a table knows. Write rows with the WK_JSON_TEXT()... macros. */
typedef struct wk_json_member {
    /** the name as decoded (escapes in a document's name are decoded first):
     *  1 to WK_JSON_NAME_MAX printable ASCII characters other than '"' and
     *  '\\'. After its NUL comes a second text, what a diagnostic says after
     *  a limit, e.g. "(CONFIG_WK_X)" ("" if none; the macros write it). */
    const char *name;
    /** where the value goes: objects and lists of objects have a table, the
     *  other kinds a destination (so that a row is 12 bytes on 32-bit targets) */
    union {
        struct {
            /** offset of the destination in the record */
            uint16_t offset;
            /** strings: 0 (document storage) or the most bytes; lists: the most entries */
            uint16_t limit;
        };
        /** objects and lists of objects: the table of the objects */
        const struct wk_json_object *object;
    };
    /** bytes of @c name (not counting what follows its NUL) */
    uint8_t name_len;
    /** a wk_json_kind_t */
    uint8_t kind;
    /** WK_JSON_ANY_CASE, WK_JSON_TO_HOOK */
    uint8_t flags;
} wk_json_member_t;

/** What a hook is told (see wk_json_hook_fn). */
typedef enum wk_json_event {
    WK_JSON_OBJECT_BEGIN = 0, /**< an object of the table begins */
    WK_JSON_OBJECT_END,       /**< it ends: its members and presence bits are as read */
    WK_JSON_TEXT_BEGIN,       /**< a WK_JSON_TO_HOOK string value begins */
    WK_JSON_TEXT,             /**< some of its decoded bytes (never a cut escape) */
    WK_JSON_TEXT_END          /**< it ends */
} wk_json_event_t;

/**
 * Called by the reader at the events of a table's objects and TO_HOOK strings.
 * @p member is the member that holds the object (NULL for the top object) or
 * the string; @p bytes and @p n are set for WK_JSON_TEXT only (borrowed for
 * the call). A status other than WK_OK stops the reader with that status
 * (sticky) without a diagnostic of its own.
 */
typedef wk_status_t (*wk_json_hook_fn)(void *record, wk_json_event_t event,
                                       const wk_json_member_t *member, const char *bytes,
                                       size_t n);

/** The members of one kind of object (at most 32). */
typedef struct wk_json_object {
    /** the rows; row i's presence is bit i of the presence word */
    const wk_json_member_t *members;
    /** how many */
    uint8_t count;
    /** WK_JSON_LENIENT, WK_JSON_OWN_STRINGS */
    uint8_t flags;
    /** offset in the record of this table's own uint32_t presence word */
    uint16_t present;
    /** optional (NULL): told when these objects begin and end, and given TO_HOOK strings */
    wk_json_hook_fn hook;
} wk_json_object_t;

/** A whole document: its top-level object and the storage of its strings. */
typedef struct wk_json_doc {
    /** the document must be an object read with this table */
    const wk_json_object_t *root;
    /** offset in the record of the string storage (a char array) */
    size_t strings;
    /** its bytes: every stored string and its NUL must fit */
    size_t strings_size;
    /** names the storage in the diagnostic when it is full, e.g. "buffer (CONFIG_WK_X)" */
    const char *strings_name;
} wk_json_doc_t;

/** Checks at compile time that a member name fits WK_JSON_NAME_MAX; gives its length. */
#define WK_JSON_NAME_LEN_(name)                                                              \
    (uint8_t)(sizeof(name) - 1u +                                                            \
              0u * sizeof(char[(sizeof(name) - 1u <= (size_t)WK_JSON_NAME_MAX) ? 1 : -1]))
/** A row: @p text is the name, a NUL and the limit's name; @p ... the union's initializer. */
#define WK_JSON_ROW_(text, name_len, kind, flags, ...)                                       \
    {(text), {__VA_ARGS__}, (name_len), (uint8_t)(kind), (uint8_t)(flags)}
/** Row: a member of any kind but objects and lists of objects, its value at
 *  @p offset, with @p limit (see wk_json_member_t) and no limit name. */
#define WK_JSON_MEMBER(name, kind, flags, offset, limit)                                     \
    WK_JSON_ROW_(name "\0", WK_JSON_NAME_LEN_(name), kind, flags,                            \
                 {(uint16_t)(offset), (uint16_t)(limit)})
/** Row: a string kept in the document's string storage, a wk_str_t at @p offset. */
#define WK_JSON_TEXT(name, offset) WK_JSON_MEMBER(name, WK_JSON_KIND_STRING, 0u, offset, 0u)
/** Row: a string of at most @p limit bytes kept in the char[limit + 1] that
 *  follows its wk_str_t at @p offset; @p what (a string literal) names the
 *  limit in a diagnostic. */
#define WK_JSON_BOUNDED_TEXT(name, offset, limit, what)                                      \
    WK_JSON_ROW_(name "\0" what, WK_JSON_NAME_LEN_(name), WK_JSON_KIND_STRING, 0u,           \
                 {(uint16_t)(offset), (uint16_t)(limit)})
/** Row: a string whose decoded bytes go to the table's hook (no destination). */
#define WK_JSON_HOOKED_TEXT(name, flags)                                                     \
    WK_JSON_MEMBER(name, WK_JSON_KIND_STRING, (flags) | WK_JSON_TO_HOOK, 0u, 0u)
/** Row: a bool at @p offset. */
#define WK_JSON_BOOL(name, offset) WK_JSON_MEMBER(name, WK_JSON_KIND_BOOL, 0u, offset, 0u)
/** Row: an int32_t at @p offset. */
#define WK_JSON_INT32(name, offset) WK_JSON_MEMBER(name, WK_JSON_KIND_INT32, 0u, offset, 0u)
/** Row: an object read with @p table into the same record. */
#define WK_JSON_NESTED(name, table)                                                          \
    WK_JSON_ROW_(name, WK_JSON_NAME_LEN_(name), WK_JSON_KIND_OBJECT, 0u, .object = (table))
/** Row: a list of at most @p limit strings, a wk_str_t[limit] at @p offset
 *  followed by its size_t count; @p what (a string literal) names the limit
 *  in a diagnostic. */
#define WK_JSON_STRING_LIST(name, offset, limit, what)                                       \
    WK_JSON_ROW_(name "\0" what, WK_JSON_NAME_LEN_(name), WK_JSON_KIND_LIST, 0u,             \
                 {(uint16_t)(offset), (uint16_t)(limit)})
/** Row: a list of objects, each read with @p table. */
#define WK_JSON_OBJECT_LIST(name, table)                                                     \
    WK_JSON_ROW_(name, WK_JSON_NAME_LEN_(name), WK_JSON_KIND_ARRAY, 0u, .object = (table))
/** A table over the array of rows @p rows (at most 32, checked at compile time). */
#define WK_JSON_TABLE(rows, present, flags, hook)                                            \
    {(rows),                                                                                 \
     (uint8_t)(sizeof(rows) / sizeof((rows)[0]) +                                            \
               0u * sizeof(char[(sizeof(rows) / sizeof((rows)[0]) <= 32u) ? 1 : -1])),        \
     (uint8_t)(flags), (uint16_t)(present), (hook)}

/** Room for one reader. Caller-allocated; fields are private. */
typedef struct wk_json_reader {
    /** @cond WK_PRIVATE */
    /* Small and often used first: on small targets, near the start is shorter code. */
    uint8_t state;              /* what the next byte may be */
    uint8_t str;                /* where in a string: plain, UTF-8, escape, \\u digits */
    uint8_t out;                /* where decoded string bytes go */
    uint8_t context;            /* what a table says about the values here */
    uint8_t levels;             /* open containers with a table (the outermost ones) */
    uint8_t num;                /* where in a number's grammar */
    uint8_t literal;            /* true, false or null, and how much of it matched */
    uint8_t hex_digits;         /* \\u digits read */
    uint8_t utf8_need;          /* continuation bytes still to come */
    uint8_t utf8_lo;            /* range of the next one */
    uint8_t utf8_hi;
    bool key;                   /* the string is a member name */
    bool named;                 /* the innermost table's object has had a name */
    bool top_object;            /* the innermost open container is an object */
    bool negative;              /* the integer being stored */
    wk_status_t failed;         /* sticky: first failure or hook stop; WK_OK if none */
    uint32_t depth;             /* open containers */
    const wk_json_doc_t *doc;   /* NULL: validate only */
    void *record;
    const wk_json_object_t *table; /* the innermost table's object (holding the list, in a list; the root at the top) */
    const uint8_t *chunk;       /* the piece being read, during a call only */
    wk_diag_t *diag;            /* the caller's, during a call only */
    char *text;                 /* where the next byte of the string being stored goes */
    char *text_end;             /* its last byte may go just before this (the NUL here) */
    const wk_json_member_t *member; /* the member whose string is being stored */
    wk_str_t *text_dst;         /* its wk_str_t */
    int32_t *int_dst;           /* where the integer being read goes, NULL if nowhere */
    uint32_t number;            /* its magnitude */
    uint32_t hex;               /* \\u value so far */
    uint32_t high;              /* pending high surrogate, 0 if none */
    char *strings_next;         /* the next free byte of the document's string storage */
    char *strings_end;          /* the end of that storage */
    size_t name_len;            /* of the member name being read or last read */
    struct {
        const wk_json_member_t *member; /* object: the member being read; list: the list's member */
        uint32_t index;                 /* list of objects: the entry being read; object: the row after the last member found */
        uint32_t seen;                  /* object: presence bits of the members read so far */
    } level[WK_JSON_LEVELS];
    uint64_t offset;            /* document bytes before chunk */
    uint64_t value_offset;      /* where the integer being stored began */
    uint8_t nesting[(CONFIG_WK_JSON_MAX_DEPTH + 7) / 8]; /* bit per level: 1 object, 0 array */
    char name[WK_JSON_NAME_MAX];
    /** @endcond */
} wk_json_reader_t;

/**
 * @brief Start reading a document.
 * @param[out] r     the reader; nothing to free.
 * @param[in]  doc   the document's tables; NULL to only check that the input
 *                   is one JSON document of any type. Retained until the next
 *                   wk_json_reader_init(r): keep it valid and unmodified.
 * @param[in]  record where the tables' offsets point; retained likewise (NULL
 *                   with a NULL @p doc).
 * @return WK_OK, or WK_ERR_ARG (@p r NULL, or @p doc without @p record).
 *
 * @code
 * static wk_json_reader_t r;
 * static creds_t creds;
 * wk_json_reader_init(&r, &k_doc, &creds);
 * status = wk_json_reader_feed(&r, body, body_len, &diag);  // any split, repeated
 * if (status >= 0) status = wk_json_reader_finish(&r, &diag);
 * @endcode
 */
wk_status_t wk_json_reader_init(wk_json_reader_t *r, const wk_json_doc_t *doc, void *record);

/**
 * @brief Read the next bytes of the document (any split; @p len may be 0).
 * @param[in,out] r    a reader set up with wk_json_reader_init().
 * @param[in]  data borrowed for the call (strings are copied into the record);
 *             may be NULL when @p len is 0.
 * @param[in]  len  bytes at @p data.
 * @param[out] diag optional; on failure names the list entry, member and byte
 *             offset (never a value).
 * @return WK_PARTIAL (not complete yet, or a top-level number that may go
 *         on), WK_OK (complete; later bytes are still checked), a hook's
 *         status, WK_ERR_JSON_SYNTAX, WK_ERR_JSON_TRAILING, WK_ERR_JSON_TYPE,
 *         WK_ERR_JSON_FIELD_TOO_LONG, WK_ERR_JSON_TOO_DEEP, WK_ERR_JSON_NUMBER,
 *         WK_ERR_JSON_STRING, WK_ERR_JSON_TOO_MANY_ITEMS, or WK_ERR_ARG (NULL
 *         @p r, or NULL @p data with @p len > 0). Failures are sticky.
 *
 * @code
 * status = wk_json_reader_feed(&r, chunk, chunk_len, &diag);
 * if (status < 0) {
 *     fprintf(stderr, "%s\n", diag.text);  // e.g. field "expiration": ... at body offset 97
 * }
 * @endcode
 */
wk_status_t wk_json_reader_feed(wk_json_reader_t *r, const uint8_t *data, size_t len,
                                wk_diag_t *diag);

/**
 * @brief The input ended.
 * @param[in,out] r    a reader set up with wk_json_reader_init().
 * @param[out]    diag optional; on WK_ERR_JSON_TRUNCATED the offset.
 * @return WK_OK when the input was exactly one document (plus whitespace),
 *         WK_ERR_JSON_TRUNCATED (empty, or cut inside the document; sticky),
 *         an earlier sticky status, or WK_ERR_ARG (@p r NULL).
 *
 * @code
 * if (wk_json_reader_finish(&r, &diag) == WK_OK && (creds.present & 1u) != 0u) {  // row 0
 *     use(creds.access_key_id.ptr, creds.access_key_id.len);
 * }
 * @endcode
 */
wk_status_t wk_json_reader_finish(wk_json_reader_t *r, wk_diag_t *diag);

/* ---- Whole-document validation ------------------------------------------------ */

/**
 * A reader without tables: checks that a byte stream is one complete JSON
 * document (RFC 8259) of any type, top-level scalars and arrays included, with
 * the reader's rules (grammar, literals, numbers, escapes, surrogate pairs,
 * UTF-8, control characters, nesting up to CONFIG_WK_JSON_MAX_DEPTH, only
 * whitespace after the value). Nothing is decoded or kept. A byte order mark
 * is refused like any other byte that cannot start a value.
 */
typedef wk_json_reader_t wk_json_validator_t;

/**
 * @brief Start validating a new document (wk_json_reader_init() without tables).
 * @param[out] v validator; nothing to free.
 * @return WK_OK, or WK_ERR_ARG when @p v is NULL.
 * @code
 * static wk_json_validator_t v;
 * wk_json_validate_init(&v);
 * status = wk_json_validate_feed(&v, buf, n, &diag);      // any split, repeated
 * if (status >= 0) status = wk_json_validate_finish(&v, &diag);
 * @endcode
 */
wk_status_t wk_json_validate_init(wk_json_validator_t *v);

/**
 * @brief Validate the next bytes (any split; @p len may be 0).
 * @param[in,out] v    a validator set up with wk_json_validate_init().
 * @param[in]  data borrowed for the call; may be NULL when @p len is 0.
 * @param[in]  len  bytes at @p data.
 * @param[out] diag optional; names the byte offset and what was wrong.
 * @return WK_PARTIAL (no complete value yet, or a top-level number that may
 *         go on), WK_OK (a complete value; later bytes are still checked),
 *         WK_ERR_JSON_SYNTAX, WK_ERR_JSON_TRAILING, WK_ERR_JSON_TOO_DEEP,
 *         WK_ERR_JSON_NUMBER, WK_ERR_JSON_STRING, or WK_ERR_ARG (also for a
 *         reader set up with tables). Failures are sticky.
 *
 * @code
 * status = wk_json_validate_feed(&v, (const uint8_t *)"{\"a\": [1, 2", 11u, &diag);
 * // WK_PARTIAL: valid so far, not complete
 * @endcode
 */
wk_status_t wk_json_validate_feed(wk_json_validator_t *v, const uint8_t *data, size_t len,
                                  wk_diag_t *diag);

/**
 * @brief The input ended.
 * @param[in,out] v    a validator set up with wk_json_validate_init().
 * @param[out]    diag optional (NULL); on WK_ERR_JSON_TRUNCATED the offset.
 * @return WK_OK when the input was exactly one JSON document (plus
 *         whitespace), WK_ERR_JSON_TRUNCATED (empty, or cut inside the value),
 *         an earlier sticky status, or WK_ERR_ARG (NULL, or a reader with tables).
 *
 * @code
 * if (wk_json_validate_finish(&v, &diag) != WK_OK) {
 *     fprintf(stderr, "not one JSON document: %s\n", diag.text);
 * }
 * @endcode
 */
wk_status_t wk_json_validate_finish(wk_json_validator_t *v, wk_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif /* WK_JSON_H */
