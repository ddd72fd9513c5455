import { describe, expect, it } from 'vitest'
import { TargetError } from '../../electron/sync/target'
import { parseMultistatus, parseMultistatusTree } from '../../electron/sync/webdav-target'

/**
 * PROPFIND answers in the shapes the servers shops use send them (issue 13 item 6): prefixes,
 * default namespaces, absolute or relative hrefs, percent-encoding and 404 propstats differ.
 * Written after each server's answers (Nextcloud/SabreDAV, Synology DSM, 坚果云, Apache mod_dav,
 * rclone), with the space's own names in them.
 */

const NEXTCLOUD = `<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">
 <d:response>
  <d:href>/remote.php/dav/files/shop/%E5%AE%A2%E6%9C%8D%E5%90%8C%E6%AD%A5/</d:href>
  <d:propstat>
   <d:prop>
    <d:resourcetype><d:collection/></d:resourcetype>
    <d:getetag>&quot;6571b2a9c3e1f&quot;</d:getetag>
    <d:getlastmodified>Sat, 05 Dec 2026 08:00:00 GMT</d:getlastmodified>
   </d:prop>
   <d:status>HTTP/1.1 200 OK</d:status>
  </d:propstat>
  <d:propstat>
   <d:prop><d:getcontentlength/></d:prop>
   <d:status>HTTP/1.1 404 Not Found</d:status>
  </d:propstat>
 </d:response>
 <d:response>
  <d:href>/remote.php/dav/files/shop/%E5%AE%A2%E6%9C%8D%E5%90%8C%E6%AD%A5/format.json</d:href>
  <d:propstat>
   <d:prop>
    <d:resourcetype/>
    <d:getcontentlength>312</d:getcontentlength>
    <d:getetag>&quot;a1f0e5b7c2d94e0b8f6a&quot;</d:getetag>
    <d:getlastmodified>Sat, 05 Dec 2026 07:59:58 GMT</d:getlastmodified>
   </d:prop>
   <d:status>HTTP/1.1 200 OK</d:status>
  </d:propstat>
 </d:response>
 <d:response>
  <d:href>/remote.php/dav/files/shop/%E5%AE%A2%E6%9C%8D%E5%90%8C%E6%AD%A5/devices/</d:href>
  <d:propstat>
   <d:prop><d:resourcetype><d:collection/></d:resourcetype><d:getetag>&quot;6571b2a9c3e20&quot;</d:getetag></d:prop>
   <d:status>HTTP/1.1 200 OK</d:status>
  </d:propstat>
  <d:propstat>
   <d:prop><d:getcontentlength/></d:prop>
   <d:status>HTTP/1.1 404 Not Found</d:status>
  </d:propstat>
 </d:response>
 <d:response>
  <d:href>/remote.php/dav/files/shop/%E5%AE%A2%E6%9C%8D%E5%90%8C%E6%AD%A5/format%20(conflicted%20copy).json</d:href>
  <d:propstat>
   <d:prop><d:resourcetype/><d:getcontentlength>0</d:getcontentlength></d:prop>
   <d:status>HTTP/1.1 200 OK</d:status>
  </d:propstat>
 </d:response>
</d:multistatus>`

// Synology DSM's WebDAV Server: Apache-style live-property prefixes, absolute URLs as hrefs.
const SYNOLOGY = `<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:" xmlns:ns0="DAV:">
<D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/" xmlns:g0="DAV:">
<D:href>https://nas.local:5006/home/kefu%20sync/devices/a1b2c3d4e5f6/seg/</D:href>
<D:propstat><D:prop><lp1:resourcetype><D:collection/></lp1:resourcetype>
<lp1:getlastmodified>Sat, 05 Dec 2026 08:01:02 GMT</lp1:getlastmodified>
<lp1:getetag>"1000-5ef1c0a2b8c40"</lp1:getetag></D:prop>
<D:status>HTTP/1.1 200 OK</D:status></D:propstat>
<D:propstat><D:prop><g0:getcontentlength/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>
</D:response>
<D:response xmlns:lp1="DAV:" xmlns:lp2="http://apache.org/dav/props/">
<D:href>https://nas.local:5006/home/kefu%20sync/devices/a1b2c3d4e5f6/seg/0000000001-9de31022fe53e3f8.jsonl.gz</D:href>
<D:propstat><D:prop><lp1:resourcetype/><lp1:getcontentlength>1873</lp1:getcontentlength>
<lp1:getetag>"751-5ef1c0a2b8c41"</lp1:getetag></D:prop>
<D:status>HTTP/1.1 200 OK</D:status></D:propstat>
</D:response>
<D:response xmlns:lp1="DAV:">
<D:href>https://nas.local:5006/home/kefu%20sync/devices/a1b2c3d4e5f6/seg/0000000002-fee344dee69a569f.jsonl.gz</D:href>
<D:propstat><D:prop><lp1:resourcetype/><lp1:getcontentlength>2048</lp1:getcontentlength></D:prop>
<D:status>HTTP/1.1 200 OK</D:status></D:propstat>
</D:response>
</D:multistatus>`

// 坚果云: lower-case prefix, hrefs under /dav/, Chinese folder names percent-encoded in upper case,
// folders told by a trailing slash as well as by resourcetype.
const JIANGUOYUN = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<d:multistatus xmlns:d="DAV:">
<d:response><d:href>/dav/%E5%BA%97%E9%93%BA/kefu/</d:href><d:propstat><d:prop><d:getlastmodified>Sat, 05 Dec 2026 08:02:00 GMT</d:getlastmodified><d:getcontentlength>0</d:getcontentlength><d:owner>shop@example.cn</d:owner><d:current-user-privilege-set><d:privilege><d:read/></d:privilege><d:privilege><d:write/></d:privilege></d:current-user-privilege-set><d:getcontenttype>httpd/unix-directory</d:getcontenttype><d:displayname>kefu</d:displayname><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>/dav/%E5%BA%97%E9%93%BA/kefu/snapshots/</d:href><d:propstat><d:prop><d:getlastmodified>Sat, 05 Dec 2026 08:02:00 GMT</d:getlastmodified><d:getcontentlength>0</d:getcontentlength><d:getcontenttype>httpd/unix-directory</d:getcontenttype><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>/dav/%E5%BA%97%E9%93%BA/kefu/%E8%AF%B4%E6%98%8E.txt</d:href><d:propstat><d:prop><d:getlastmodified>Sat, 05 Dec 2026 08:02:00 GMT</d:getlastmodified><d:getcontentlength>27</d:getcontentlength><d:getcontenttype>text/plain</d:getcontenttype><d:resourcetype/></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
</d:multistatus>`

// A server with a default namespace and no prefixes at all, entities in a name.
const DEFAULT_NS = `<?xml version="1.0" encoding="utf-8"?>
<multistatus xmlns="DAV:">
  <response><href>/kefu/blobs/</href><propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>
  <response><href>/kefu/blobs/c414cd0e204de974f73753c7e28d7638e7b3691bb8b1a2bab6b25bb7fed7ce77</href><propstat><prop><resourcetype/><getcontentlength>68</getcontentlength><getetag>W/"44-18c"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response>
  <response><href>/kefu/blobs/R%26D%20&amp;%20%3Cnotes%3E.txt</href><propstat><prop><resourcetype/><getcontentlength>5</getcontentlength></prop><status>HTTP/1.1 200 OK</status></propstat></response>
</multistatus>`

describe('PROPFIND answers of the servers shops use', () => {
  it('Nextcloud: the folder itself left out, 404 propstats ignored, Chinese folder names decoded', () => {
    const entries = parseMultistatus(
      NEXTCLOUD,
      '/remote.php/dav/files/shop/%E5%AE%A2%E6%9C%8D%E5%90%8C%E6%AD%A5/',
    )
    expect(entries).toEqual([
      { name: 'format.json', dir: false, size: 312 },
      { name: 'devices', dir: true },
      { name: 'format (conflicted copy).json', dir: false, size: 0 },
    ])
    const tree = parseMultistatusTree(NEXTCLOUD, '/remote.php/dav/files/shop/客服同步/')
    expect(tree.find((r) => r.path === 'format.json')?.etag).toBe('"a1f0e5b7c2d94e0b8f6a"')
  })

  it('Synology: lp1: properties, absolute-URL hrefs and a space in the path', () => {
    const entries = parseMultistatus(SYNOLOGY, '/home/kefu%20sync/devices/a1b2c3d4e5f6/seg/')
    expect(entries).toEqual([
      { name: '0000000001-9de31022fe53e3f8.jsonl.gz', dir: false, size: 1873 },
      { name: '0000000002-fee344dee69a569f.jsonl.gz', dir: false, size: 2048 },
    ])
  })

  it('坚果云: folders by resourcetype (not by their size 0), Chinese names', () => {
    expect(parseMultistatus(JIANGUOYUN, '/dav/店铺/kefu/')).toEqual([
      { name: 'snapshots', dir: true },
      { name: '说明.txt', dir: false, size: 27 },
    ])
  })

  it('a default DAV: namespace without prefixes, and entities and escapes in names', () => {
    expect(parseMultistatus(DEFAULT_NS, '/kefu/blobs')).toEqual([
      {
        name: 'c414cd0e204de974f73753c7e28d7638e7b3691bb8b1a2bab6b25bb7fed7ce77',
        dir: false,
        size: 68,
      },
      { name: 'R&D & <notes>.txt', dir: false, size: 5 },
    ])
  })

  it('a server that answers under another base path (a proxy, an old endpoint): names still found', () => {
    // Asked for /webdav/kefu/, the server speaks of /remote.php/dav/files/shop/客服同步/.
    expect(parseMultistatus(NEXTCLOUD, '/remote.php/webdav/kefu/').map((e) => e.name)).toEqual([
      'format.json',
      'devices',
      'format (conflicted copy).json',
    ])
  })

  it('Depth: infinity: every resource with its path below the folder', () => {
    const body = `<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:">
<D:response><D:href>/kefu/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response><D:href>/kefu/devices/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response><D:href>/kefu/devices/a1/seg/0000000001-0123456789abcdef.jsonl.gz</D:href><D:propstat><D:prop><D:resourcetype/><D:getcontentlength>10</D:getcontentlength></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
</D:multistatus>`
    expect(parseMultistatusTree(body, '/kefu/')).toEqual([
      { path: '', dir: true },
      { path: 'devices', dir: true },
      { path: 'devices/a1/seg/0000000001-0123456789abcdef.jsonl.gz', dir: false, size: 10 },
    ])
  })

  it('an answer that is not a multistatus (a login page, a cut body) is an error, never an empty folder', () => {
    const login =
      '<!DOCTYPE html><html><head><title>登录</title></head><body><form></form></body></html>'
    expect(() => parseMultistatus(login, '/kefu/')).toThrow(TargetError)
    expect(() => parseMultistatus(NEXTCLOUD.slice(0, NEXTCLOUD.length / 2), '/kefu/')).toThrow(
      /无法解析/,
    )
    expect(() => parseMultistatus('', '/kefu/')).toThrow(TargetError)
  })
})
