package io.peanutcache.jcache;

import javax.cache.integration.CompletionListener;

/** The completion listener of a {@code loadAll} call that passed none: it ignores the outcome. */
enum NoCompletionListener implements CompletionListener {
  INSTANCE;

  @Override
  public void onCompletion() {}

  @Override
  public void onException(Exception e) {}
}
