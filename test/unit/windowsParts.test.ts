import { describe, expect, it } from 'vitest';
import { cpuPercents, filetimeMs, hotfixesFrom, isP2PClient } from '../../agent/diagnostics/windowsSystem.js';
import { programOf } from '../../agent/diagnostics/windowsSoftware.js';
import { grabberInput, pickGrabber } from '../../agent/video/windows.js';
import { productVersionOf } from '../../agent/windows/fileVersion.js';

// Lines as ffmpeg prints them: 4.1 (the one shipped) lists gdigrab among the formats; 6.0+ has ddagrab among the filters.
const FORMATS_41 = ' D  g729            G.729 raw format demuxer\r\n D  gdigrab         GDI API Windows frame grabber\r\n D  gdv             Gremlin Digital Video\r\n';
const FILTERS_41 = ' ... hwdownload        V->V       Download a hardware frame to a normal frame\r\n';
const FILTERS_60 = `${FILTERS_41} ... ddagrab           |->V       Grab Windows Desktop images using Desktop Duplication API\r\n`;

describe('Windows capture', () => {
  it('takes ddagrab where ffmpeg has it, else gdigrab, else nothing', () => {
    expect(pickGrabber(FILTERS_60, FORMATS_41)).toBe('ddagrab');
    expect(pickGrabber(FILTERS_41, FORMATS_41)).toBe('gdigrab');
    expect(pickGrabber(FILTERS_41, ' D  dshow           DirectShow capture\n')).toBeNull();
  });

  it('grabs exactly the chosen monitor’s rectangle of the virtual desktop', () => {
    const left = { id: '1', name: '\\\\.\\DISPLAY2', primary: false, x: -1920, y: 0, width: 1920, height: 1080 };
    expect(grabberInput('gdigrab', left, 15)).toEqual(['-f', 'gdigrab', '-draw_mouse', '1', '-framerate', '15', '-offset_x', '-1920', '-offset_y', '0', '-video_size', '1920x1080', '-i', 'desktop']);
    expect(grabberInput('ddagrab', left, 10)).toEqual(['-f', 'lavfi', '-i', 'ddagrab=output_idx=1:framerate=10:draw_mouse=1,hwdownload,format=bgra']);
  });
});

describe('Windows diagnostics parts', () => {
  it('reads hotfixes from servicing package names, newest first, once per KB', () => {
    const at = (iso: string) => {
      const ft = (Date.parse(iso) + 11_644_473_600_000) * 10_000;
      return { installTimeHigh: Math.floor(ft / 2 ** 32), installTimeLow: ft % 2 ** 32 };
    };
    const fixes = hotfixesFrom([
      { name: 'Package_for_KB5034441~31bf3856ad364e35~amd64~~19041.3920.1.1', ...at('2024-01-10T00:00:00Z') },
      { name: 'Package_1_for_KB5034441~31bf3856ad364e35~amd64~~19041.3920.1.1', ...at('2024-01-11T00:00:00Z') },
      { name: 'Package_for_KB5031356~31bf3856ad364e35~amd64~~19041.3570.1.8', ...at('2023-10-11T00:00:00Z') },
      { name: 'Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3930.1.6' },
      { name: 'Microsoft-Windows-Foundation-Package~31bf3856ad364e35~amd64~~10.0.19041.1' },
    ]);
    expect(fixes.map((f) => [f.id, new Date(f.installedAt!).toISOString().slice(0, 10)])).toEqual([['KB5034441', '2024-01-11'], ['KB5031356', '2023-10-11']]);
    expect(filetimeMs(0, 0)).toBe(Date.parse('1601-01-01T00:00:00Z'));
  });

  it('turns CPU times of two snapshots into percent of the machine', () => {
    const before = [{ pid: 4, name: 'a.exe', cpuTime: 0, workingSetBytes: 1 }, { pid: 8, name: 'b.exe', cpuTime: null, workingSetBytes: null }];
    const after = [{ pid: 4, name: 'a.exe', cpuTime: 10_000_000, workingSetBytes: 1 }, { pid: 8, name: 'b.exe', cpuTime: 5, workingSetBytes: null }, { pid: 9, name: 'new.exe', cpuTime: 5, workingSetBytes: 1 }];
    // One second of CPU in one second on two cores: half the machine.
    expect([...cpuPercents(before, after, 1000, 2)]).toEqual([[4, 50]]);
  });

  it('flags P2P clients by executable name, whatever the case', () => {
    expect(isP2PClient('uTorrent.exe')).toBe(true);
    expect(isP2PClient('Pruna.exe')).toBe(true);
    expect(isP2PClient('qbittorrent.exe')).toBe(true);
    expect(isP2PClient('chrome.exe')).toBe(false);
  });

  it('finds the program in a registered command line', () => {
    expect(programOf('"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" -- "%1"')).toBe('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(programOf('C:\\Program Files\\Internet Explorer\\iexplore.exe %1')).toBe('C:\\Program Files\\Internet Explorer\\iexplore.exe');
  });

  it('reads the product version from a version resource’s fixed part', () => {
    const block = Buffer.alloc(96);
    block.write('VS_VERSION_INFO', 6, 'utf16le');
    block.writeUInt32LE(0xfeef04bd, 40);
    block.writeUInt32LE((120 << 16) | 0, 40 + 16);
    block.writeUInt32LE((6099 << 16) | 130, 40 + 20);
    expect(productVersionOf(block)).toBe('120.0.6099.130');
    expect(productVersionOf(Buffer.alloc(64))).toBeNull();
  });
});
