/**
 * Prefix tuning for encoder self-attention: {@link dev.sure4j.adapters.prefix.PrefixKeyValues}
 * supplies the learned keys and values that each attention layer puts in front of its own.
 */
package dev.sure4j.adapters.prefix;
