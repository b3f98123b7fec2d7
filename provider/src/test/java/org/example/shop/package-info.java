/**
 * An application's own types, outside every pattern PeanutCache allows by default: what a cache
 * declares as its value type, and what that type holds.
 */
package org.example.shop;
