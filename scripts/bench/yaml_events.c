/* make bench's parse floor: libyaml reading and parsing files to events in C,
 * nothing built from them. Arguments: files, or directories (their *.yaml
 * files, one level). Prints the number of documents parsed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static long parse_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(2); }
    yaml_parser_t parser;
    yaml_event_t event;
    long documents = 0;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, file);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) { fprintf(stderr, "%s: parse error\n", path); exit(2); }
        int done = event.type == YAML_STREAM_END_EVENT;
        if (event.type == YAML_DOCUMENT_END_EVENT) documents++;
        yaml_event_delete(&event);
        if (done) break;
    }
    yaml_parser_delete(&parser);
    fclose(file);
    return documents;
}

int main(int argc, char **argv) {
    long documents = 0;
    char path[4096];
    for (int i = 1; i < argc; i++) {
        DIR *dir = opendir(argv[i]);
        if (!dir) { documents += parse_file(argv[i]); continue; }
        struct dirent *entry;
        while ((entry = readdir(dir))) {
            size_t n = strlen(entry->d_name);
            if (n < 5 || strcmp(entry->d_name + n - 5, ".yaml") != 0) continue;
            snprintf(path, sizeof path, "%s/%s", argv[i], entry->d_name);
            documents += parse_file(path);
        }
        closedir(dir);
    }
    printf("%ld\n", documents);
    return 0;
}
