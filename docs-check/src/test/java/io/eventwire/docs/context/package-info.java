/**
 * The reader's own types and beans that the docs' snippets refer to without declaring them.
 */
package io.eventwire.docs.context;
