/* SPDX-License-Identifier: Apache-2.0 */
/* see wk_users.h */
#include <string.h>

#include "wk_internal.h"

/* Where a User field goes: every offset is into the parser, the reader's record. */
#define USER(field) offsetof(wk_users_parser_t, user.field)

/* The User object, one row per field, indexed by wk_user_field_t (row i
 * is presence bit i). Its strings go to the window, which each user starts afresh. */
static const wk_json_member_t k_user_members[] = {
    [WK_USER_USER_ID] = WK_JSON_TEXT("userId", USER(user_id)),
    [WK_USER_FIRST_NAME] = WK_JSON_TEXT("firstName", USER(first_name)),
    [WK_USER_LAST_NAME] = WK_JSON_TEXT("lastName", USER(last_name)),
    [WK_USER_USERNAME] = WK_JSON_TEXT("username", USER(username)),
    [WK_USER_SECURITY_GROUPS] = WK_JSON_STRING_LIST(
        "securityGroups", USER(security_groups), CONFIG_WK_MAX_SECURITY_GROUPS,
        WK_DIAG_TEXT("(CONFIG_WK_MAX_SECURITY_GROUPS)")),
    [WK_USER_IS_ADMIN] = WK_JSON_BOOL("isAdmin", USER(is_admin)),
    [WK_USER_SUSPENDED] = WK_JSON_BOOL("suspended", USER(suspended)),
    [WK_USER_STATUS] = WK_JSON_INT32("status", USER(status)),
    [WK_USER_OTP_ENABLED] = WK_JSON_BOOL("otpEnabled", USER(otp_enabled)),
    [WK_USER_SCIM_ID] = WK_JSON_TEXT("scimId", USER(scim_id)),
    [WK_USER_TYPE] = WK_JSON_TEXT("type", USER(type)),
    [WK_USER_CELL] = WK_JSON_TEXT("cell", USER(cell)),
    [WK_USER_COUNTRY_CODE] = WK_JSON_TEXT("countryCode", USER(country_code)),
    [WK_USER_CHALLENGE_FAILURES] = WK_JSON_INT32("challengeFailures", USER(challenge_failures)),
    [WK_USER_IS_INVITE_EXPIRED] = WK_JSON_BOOL("isInviteExpired", USER(is_invite_expired)),
    [WK_USER_IS_USER] = WK_JSON_BOOL("isUser", USER(is_user)),
    [WK_USER_INVITE_CODE] = WK_JSON_TEXT("inviteCode", USER(invite_code)),
    [WK_USER_CODE_VALIDATION] = WK_JSON_BOOL("codeValidation", USER(code_validation)),
    [WK_USER_UNAME] = WK_JSON_TEXT("uname", USER(uname)),
};
_Static_assert(WK_ARRAY_LEN(k_user_members) == WK_USER_FIELD_COUNT, "one row per User field");
_Static_assert(offsetof(wk_user_t, security_group_count) ==
                   offsetof(wk_user_t, security_groups) + sizeof(((wk_user_t *)0)->security_groups),
               "the list's count follows its entries");
_Static_assert(offsetof(wk_users_parser_t, next_token_text) ==
                   offsetof(wk_users_parser_t, next_token) + sizeof(wk_str_t),
               "the token's bytes follow its wk_str_t");
_Static_assert(offsetof(wk_users_parser_t, next_token) <= UINT16_MAX, "row offsets are 16-bit");
_Static_assert(CONFIG_WK_NEXT_TOKEN_MAX - 1 <= UINT16_MAX, "row limits are 16-bit");

/* The callback stopped at user i: said in the diagnostic of the feed that
 * is running (the reader writes none for a hook's stop). Out of the way of
 * user_done(), which every user passes through. */
WK_NOINLINE static void say_stop(wk_users_parser_t *p, uint32_t i)
{
    wk_diag_clear(p->reader.diag);
    wk_diag_fmt(p->reader.diag, "callback stopped at users[%llu]", (unsigned long long)i);
}

/* A user object closed: the callback gets it. */
static wk_status_t user_done(void *record, wk_json_event_t event, const wk_json_member_t *member,
                             const char *bytes, size_t n)
{
    wk_users_parser_t *p = record;
    wk_status_t status = WK_OK;
    (void)member;
    (void)bytes;
    (void)n;
    if (event == WK_JSON_OBJECT_END) {
        status = p->on_user(p->ctx, &p->user);
        if (status != WK_OK) {
            say_stop(p, p->users);
        }
        p->users++;
    }
    return status;
}

static const wk_json_object_t k_user =
    WK_JSON_TABLE(k_user_members, USER(present), WK_JSON_OWN_STRINGS, user_done);

/* The page: "users" (bit 0) and "nextToken" (bit 1). */
static const wk_json_member_t k_page_members[] = {
    WK_JSON_OBJECT_LIST("users", &k_user),
    WK_JSON_BOUNDED_TEXT("nextToken", offsetof(wk_users_parser_t, next_token),
                         CONFIG_WK_NEXT_TOKEN_MAX - 1,
                         WK_DIAG_TEXT("(CONFIG_WK_NEXT_TOKEN_MAX - 1)")),
};
static const wk_json_object_t k_page =
    WK_JSON_TABLE(k_page_members, offsetof(wk_users_parser_t, present), 0u, NULL);

static const wk_json_doc_t k_doc = {&k_page, offsetof(wk_users_parser_t, window),
                                    CONFIG_WK_USER_WINDOW_SIZE,
                                    WK_DIAG_TEXT("user window (CONFIG_WK_USER_WINDOW_SIZE)")};

const char *wk_user_field_name(wk_user_field_t field)
{
    return ((unsigned)field < (unsigned)WK_USER_FIELD_COUNT) ? k_user_members[field].name : NULL;
}

wk_status_t wk_users_parser_init(wk_users_parser_t *p, wk_on_user_fn on_user, void *ctx)
{
    wk_status_t status = WK_ERR_ARG;
    if (p != NULL && on_user != NULL) {
        memset(p, 0, sizeof(*p));
        p->on_user = on_user;
        p->ctx = ctx;
        status = wk_json_reader_init(&p->reader, &k_doc, p);
    }
    return status;
}

wk_status_t wk_users_parser_feed(wk_users_parser_t *p, const uint8_t *data, size_t len,
                                 wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_ARG;
    if (p != NULL && p->on_user != NULL) {
        status = wk_json_reader_feed(&p->reader, data, len, diag);
        p->complete = status == WK_OK;
    }
    return status;
}

wk_status_t wk_users_parser_finish(wk_users_parser_t *p, wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_ARG;
    if (p != NULL && p->on_user != NULL) {
        status = wk_json_reader_finish(&p->reader, diag);
        p->complete = status == WK_OK;
    }
    return status;
}

wk_status_t wk_users_parser_next_token(const wk_users_parser_t *p, const char **token,
                                       size_t *len)
{
    wk_status_t status = WK_ERR_ARG;
    if (p == NULL || token == NULL || len == NULL) {
        /* WK_ERR_ARG */
    } else if (!p->complete) {
        status = WK_ERR_STATE;
    } else {
        /* (an absent or null nextToken reads as "": the reader resets it) */
        *token = p->next_token.ptr;
        *len = p->next_token.len;
        status = (*len > 0u) ? WK_OK : WK_PARTIAL;
    }
    return status;
}
