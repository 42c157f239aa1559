/** The linear probe: only the task head trains; its spec and method. */
package dev.sure4j.adapters.probe;
