/** Full fine-tuning: every base parameter trains; its spec and method. */
package dev.sure4j.adapters.full;
