package dev.sure4j.adapters.io.torch;

import java.util.Map;

/**
 * A checkpoint file's structure, before any tensor is checked: the unpickled state dict and where
 * each storage's bytes are, by storage key.
 *
 * @param root the unpickled object, a state dict when the file is one
 * @param storages the storages by key
 */
record ParsedCheckpoint(Object root, Map<String, StorageData> storages) {}
