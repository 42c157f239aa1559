/**
 * Reading model {@code config.json} files: {@link dev.sure4j.speech.config.ConfigJson} gives typed
 * access to their keys with errors that name the key and the value.
 */
package dev.sure4j.speech.config;
