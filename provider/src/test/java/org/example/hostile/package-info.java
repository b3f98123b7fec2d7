/**
 * Classes an application did not allow to arrive from the network: each records in {@link
 * org.example.hostile.Tripwire#RAN} when any of its code runs, so a test can tell that none did.
 * The package lies outside every pattern PeanutCache allows by default.
 */
package org.example.hostile;
