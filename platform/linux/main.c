/* placeholder: implementation in progress */
typedef int wk_placeholder_t;
int main(void){return 0;}
