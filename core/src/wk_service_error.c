/* placeholder: implementation in progress */
typedef int wk_placeholder_t;
